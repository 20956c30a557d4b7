//! Runs Tauri's build step: reads `tauri.conf.json` and `capabilities/`, embeds the icons and
//! the built UI, and writes the capability schemas to `gen/schemas/`.

use std::path::Path;

fn main() {
    // Tauri embeds `../ui/dist` at compile time; without it the macro error does not say how
    // to produce the folder.
    let index = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist/index.html");
    println!("cargo:rerun-if-changed={}", index.display());
    if !index.is_file() {
        panic!(
            "{} is missing: build the UI first with `make ui` \
             (or `npm ci && npm run build` in ui/)",
            index.display()
        );
    }

    tauri_build::build();
}
