import { describe, expect, it } from "vitest";

import { isListKey, nextIndex } from "./listNav";

describe("nextIndex", () => {
  it("moves down by one", () => {
    expect(nextIndex(2, 5, "ArrowDown")).toBe(3);
  });

  it("stops at the last item", () => {
    expect(nextIndex(4, 5, "ArrowDown")).toBe(4);
  });

  it("moves up by one", () => {
    expect(nextIndex(2, 5, "ArrowUp")).toBe(1);
  });

  it("stops at the first item", () => {
    expect(nextIndex(0, 5, "ArrowUp")).toBe(0);
  });

  it("jumps to both ends", () => {
    expect(nextIndex(2, 5, "Home")).toBe(0);
    expect(nextIndex(2, 5, "End")).toBe(4);
  });

  it("enters an unfocused list from either end", () => {
    expect(nextIndex(-1, 5, "ArrowDown")).toBe(0);
    expect(nextIndex(-1, 5, "ArrowUp")).toBe(4);
  });

  it("returns -1 for an empty list", () => {
    expect(nextIndex(0, 0, "ArrowDown")).toBe(-1);
  });
});

describe("isListKey", () => {
  it("accepts arrows and rejects letters", () => {
    expect(isListKey("ArrowUp")).toBe(true);
    expect(isListKey("j")).toBe(false);
  });
});
