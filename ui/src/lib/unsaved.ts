// Edits typed into a form and not saved yet, tracked per editor, so that leaving a view or
// switching the checklist shown prompts before the edits are dropped. An editor marks itself
// with `markUnsaved` while it differs from what the store contains, and clears the mark when
// it saves or goes away.
//
// The question is asked in the window's own dialog (`DiscardDialog.svelte`), because the
// dialog plugin replaces `window.confirm` with an asynchronous function.

const unsavedEditors = new Set<symbol>();

/** Records whether the editor `key` contains edits that are not saved. */
export function markUnsaved(key: symbol, unsaved: boolean): void {
  if (unsaved) {
    unsavedEditors.add(key);
  } else {
    unsavedEditors.delete(key);
  }
}

/** Returns how many editors hold edits that are not saved. */
export function unsavedCount(): number {
  return unsavedEditors.size;
}

/** Returns the question asked before `count` unsaved checklist items are dropped. */
export function discardQuestion(count: number): string {
  const items = count === 1 ? "1 checklist item has" : `${count} checklist items have`;
  return `${items} changes that are not saved. Leave and discard them?`;
}

/**
 * Runs `proceed` at once when nothing is unsaved. Otherwise passes the question to `ask`
 * with a `discard` callback: calling it clears every mark and then runs `proceed`.
 */
export function whenDiscarded(
  proceed: () => void,
  ask: (question: string, discard: () => void) => void,
): void {
  const count = unsavedCount();
  if (count === 0) {
    proceed();
    return;
  }
  ask(discardQuestion(count), () => {
    unsavedEditors.clear();
    proceed();
  });
}
