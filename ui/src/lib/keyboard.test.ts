import { describe, expect, it } from "vitest";

import { isFocusSearchShortcut, isQuitShortcut, type ShortcutEvent } from "./keyboard";

const slashOnBody: ShortcutEvent = {
  key: "/",
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  targetTag: "BODY",
  targetEditable: false,
};

describe("isFocusSearchShortcut", () => {
  it("fires for a slash outside fields", () => {
    expect(isFocusSearchShortcut(slashOnBody)).toBe(true);
  });

  it("stays off while typing in an input", () => {
    expect(isFocusSearchShortcut({ ...slashOnBody, targetTag: "INPUT" })).toBe(false);
  });

  it("stays off in editable content", () => {
    expect(isFocusSearchShortcut({ ...slashOnBody, targetEditable: true })).toBe(false);
  });

  it("stays off with a modifier", () => {
    expect(isFocusSearchShortcut({ ...slashOnBody, ctrlKey: true })).toBe(false);
  });

  it("ignores other keys", () => {
    expect(isFocusSearchShortcut({ ...slashOnBody, key: "s" })).toBe(false);
  });
});

describe("isQuitShortcut", () => {
  const ctrlQ: ShortcutEvent = { ...slashOnBody, key: "q", ctrlKey: true };

  it("fires for Ctrl+Q, in a field too", () => {
    expect(isQuitShortcut(ctrlQ)).toBe(true);
    expect(isQuitShortcut({ ...ctrlQ, key: "Q", targetTag: "INPUT" })).toBe(true);
  });

  it("stays off for a plain q or another modifier", () => {
    expect(isQuitShortcut({ ...ctrlQ, ctrlKey: false })).toBe(false);
    expect(isQuitShortcut({ ...ctrlQ, altKey: true })).toBe(false);
  });
});
