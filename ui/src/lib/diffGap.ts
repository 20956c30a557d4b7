// Spacing of an inline word diff.

/** One run of a word diff: equal, deleted or inserted text. */
export interface DiffRun {
  op: string;
  text: string;
}

/**
 * Returns whether a space must be shown after run `index` of an inline diff: a deleted run
 * followed by an inserted one, neither with white space between them. Without it the two
 * words run together ("unlessand"), which reads as one word once the colours are lost.
 */
export function gapAfter(diff: readonly DiffRun[], index: number): boolean {
  const run = diff[index];
  const next = diff[index + 1];
  if (run === undefined || next === undefined) {
    return false;
  }
  const deletedThenInserted = run.op === "delete" && next.op === "insert";
  return deletedThenInserted && !/\s$/.test(run.text) && !/^\s/.test(next.text);
}
