// Whether an open checklist already covers what the user asks to open, so that "Open
// checklist" shows it instead of starting a second, empty one.

import type { Checklist } from "./bindings/Checklist";

/** Returns whether two names match once trimmed and compared without regard to case. */
function sameName(left: string | null, right: string | null): boolean {
  if (left === null || right === null) {
    return left === right;
  }
  return left.trim().toLowerCase() === right.trim().toLowerCase();
}

/**
 * Returns whether `checklist` is of `category` and about the same subject: the clause when one
 * is given, else the document, else the whole platform.
 */
export function coversSameSubject(
  checklist: Checklist,
  category: string,
  platform: string,
  document: string | null,
  clause: string | null,
): boolean {
  if (checklist.category !== category) {
    return false;
  }
  if (clause !== null) {
    return checklist.clause_id === clause;
  }
  return (
    sameName(checklist.platform, platform) &&
    sameName(checklist.document, document) &&
    checklist.clause_id === null
  );
}
