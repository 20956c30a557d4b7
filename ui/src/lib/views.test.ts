import { describe, expect, it } from "vitest";

import { VIEWS, VIEW_IDS, formatHash, parseHash, viewLabel } from "./views";

describe("parseHash", () => {
  it("opens the dashboard for an empty hash", () => {
    expect(parseHash("").view).toBe("dashboard");
  });

  it("opens the dashboard for an unknown view", () => {
    expect(parseHash("#/nowhere").view).toBe("dashboard");
  });

  it("reads the view and its query", () => {
    const route = parseHash("#/search?q=arbitration%20clause");
    expect(route.view).toBe("search");
    expect(route.params.get("q")).toBe("arbitration clause");
  });

  it("accepts a hash without the slash", () => {
    expect(parseHash("#timeline").view).toBe("timeline");
  });
});

describe("formatHash", () => {
  it("writes a bare view", () => {
    expect(formatHash("about")).toBe("#/about");
  });

  it("encodes parameters", () => {
    expect(formatHash("search", { q: "data & privacy" })).toBe("#/search?q=data+%26+privacy");
  });

  it("round-trips through parseHash", () => {
    const route = parseHash(formatHash("search", { q: "§ 4.6 (ix)" }));
    expect(route.view).toBe("search");
    expect(route.params.get("q")).toBe("§ 4.6 (ix)");
  });
});

describe("VIEWS", () => {
  it("lists each view exactly once", () => {
    const ids = VIEWS.map((entry) => entry.id).sort();
    expect(ids).toEqual([...VIEW_IDS].sort());
  });

  it("labels the timeline view", () => {
    expect(viewLabel("timeline")).toBe("Clause timeline");
  });
});
