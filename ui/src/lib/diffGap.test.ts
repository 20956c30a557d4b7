import { describe, expect, it } from "vitest";

import { gapAfter } from "./diffGap";

const diff = [
  { op: "equal", text: "models " },
  { op: "delete", text: "unless" },
  { op: "insert", text: "and" },
  { op: "equal", text: " you cannot opt out " },
  { op: "delete", text: "in " },
  { op: "insert", text: "of " },
];

describe("gapAfter", () => {
  it("separates a deleted word from the inserted word after it", () => {
    expect(gapAfter(diff, 1)).toBe(true);
  });

  it("adds nothing where white space already separates them", () => {
    expect(gapAfter(diff, 4)).toBe(false);
  });

  it("adds nothing after equal or inserted runs, or after the last run", () => {
    expect(gapAfter(diff, 0)).toBe(false);
    expect(gapAfter(diff, 2)).toBe(false);
    expect(gapAfter(diff, 5)).toBe(false);
  });
});
