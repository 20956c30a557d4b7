// The pending "discard unsaved edits?" question, shown by `DiscardDialog.svelte` in the window.

import { whenDiscarded } from "./unsaved";

interface PendingQuestion {
  question: string;
  discard: () => void;
}

let pending = $state<PendingQuestion | null>(null);

/** Returns the question waiting for an answer, or null. */
export function pendingDiscard(): PendingQuestion | null {
  return pending;
}

/**
 * Runs `proceed` now when nothing is unsaved, otherwise once the user chooses to discard.
 * `action` names what `proceed` does in the question: "Leave" by default, "Quit" to close.
 */
export function leaveIfDiscarded(proceed: () => void, action = "Leave"): void {
  whenDiscarded(
    proceed,
    (question, discard) => {
      pending = { question, discard };
    },
    action,
  );
}

/** Closes the question: `discard` drops the edits and goes on, otherwise the user stays. */
export function answerDiscard(discard: boolean): void {
  const question = pending;
  pending = null;
  if (discard && question !== null) {
    question.discard();
  }
}
