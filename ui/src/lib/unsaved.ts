// Edits typed into a form and not saved yet, tracked per editor, so that leaving a view or
// switching the checklist shown prompts before the edits are dropped. An editor marks itself
// with `markUnsaved` while it differs from what the store contains, and clears the mark when
// it saves or goes away.
//
// The question is asked in the window's own dialog (`DiscardDialog.svelte`), because the
// dialog plugin replaces `window.confirm` with an asynchronous function.

/** Editors with unsaved edits, each with the kind of thing it edits ("note"). */
const unsavedEditors = new Map<symbol, string>();

/** Records whether the editor `key`, which edits a `kind`, contains edits that are not saved. */
export function markUnsaved(key: symbol, unsaved: boolean, kind = "checklist item"): void {
  if (unsaved) {
    unsavedEditors.set(key, kind);
  } else {
    unsavedEditors.delete(key);
  }
}

/** Returns how many editors hold edits that are not saved. */
export function unsavedCount(): number {
  return unsavedEditors.size;
}

/** Returns the question asked before `count` unsaved edits of a `kind` are dropped. */
export function discardQuestion(count: number, kind = "checklist item"): string {
  return questionFor(new Map([[kind, count]]));
}

/**
 * Returns the question for unsaved edits counted by kind, such as 1 note and 2 items, before
 * `action`: "Leave" for another view, "Quit" for closing the app.
 */
function questionFor(counts: Map<string, number>, action = "Leave"): string {
  const parts = [...counts].map(([kind, count]) => `${count} ${count === 1 ? kind : `${kind}s`}`);
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const verb = total === 1 ? "has" : "have";
  return `${parts.join(" and ")} ${verb} changes that are not saved. ${action} and discard them?`;
}

/**
 * Runs `proceed` at once when nothing is unsaved. Otherwise passes the question to `ask`
 * with a `discard` callback: calling it clears every mark and then runs `proceed`. `action`
 * names what `proceed` does in the question ("Leave", "Quit").
 */
export function whenDiscarded(
  proceed: () => void,
  ask: (question: string, discard: () => void) => void,
  action = "Leave",
): void {
  const count = unsavedCount();
  if (count === 0) {
    proceed();
    return;
  }
  const counts = new Map<string, number>();
  for (const kind of unsavedEditors.values()) {
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  ask(questionFor(counts, action), () => {
    unsavedEditors.clear();
    proceed();
  });
}
