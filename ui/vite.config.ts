// Builds the single-page app into dist/, which the Tauri shell embeds and serves.
import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

export default defineConfig({
  plugins: [svelte()],
  // Relative asset URLs keep the bundle working under Tauri's custom protocol.
  base: "./",
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.40 and later, as shipped by Debian 12, runs ES2022.
    target: "es2022",
    // Inlined assets would become data: URLs, which the content security policy rejects.
    assetsInlineLimit: 0,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
