import { afterEach, describe, expect, it } from "vitest";

import { discardQuestion, markUnsaved, unsavedCount, whenDiscarded } from "./unsaved";

const first = Symbol("first");
const second = Symbol("second");

afterEach(() => {
  markUnsaved(first, false);
  markUnsaved(second, false);
});

describe("unsaved edits", () => {
  it("counts each editor once", () => {
    markUnsaved(first, true);
    markUnsaved(first, true);
    markUnsaved(second, true);
    expect(unsavedCount()).toBe(2);
    markUnsaved(first, false);
    expect(unsavedCount()).toBe(1);
  });

  it("proceeds without asking when nothing is unsaved", () => {
    const questions: string[] = [];
    let proceeded = 0;
    whenDiscarded(
      () => (proceeded += 1),
      (question) => questions.push(question),
    );
    expect(proceeded).toBe(1);
    expect(questions).toEqual([]);
  });

  it("waits for the answer while edits are unsaved", () => {
    markUnsaved(first, true);
    const questions: string[] = [];
    let proceeded = 0;
    whenDiscarded(
      () => (proceeded += 1),
      (question) => questions.push(question),
    );
    expect(questions).toEqual(["1 checklist item has changes that are not saved. Leave and discard them?"]);
    expect(proceeded).toBe(0);
    expect(unsavedCount()).toBe(1);
  });

  it("clears the marks and proceeds on discard", () => {
    markUnsaved(first, true);
    markUnsaved(second, true);
    let proceeded = 0;
    whenDiscarded(
      () => (proceeded += 1),
      (_question, discard) => discard(),
    );
    expect(proceeded).toBe(1);
    expect(unsavedCount()).toBe(0);
  });

  it("names the number of items", () => {
    expect(discardQuestion(3)).toBe("3 checklist items have changes that are not saved. Leave and discard them?");
  });

  it("names each kind of unsaved edit", () => {
    markUnsaved(first, true, "note");
    markUnsaved(second, true);
    const questions: string[] = [];
    whenDiscarded(
      () => undefined,
      (question) => questions.push(question),
    );
    expect(questions).toEqual([
      "1 note and 1 checklist item have changes that are not saved. Leave and discard them?",
    ]);
  });

  it("names the action in the question", () => {
    markUnsaved(first, true, "note");
    const questions: string[] = [];
    whenDiscarded(
      () => undefined,
      (question) => questions.push(question),
      "Quit",
    );
    expect(questions).toEqual(["1 note has changes that are not saved. Quit and discard them?"]);
  });
});
