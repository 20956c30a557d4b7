// Global shortcuts that must not fire while the user types into a field.

/** The parts of a key event the shortcut logic reads. */
export interface ShortcutEvent {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Tag name of the focused element, such as `INPUT`. */
  targetTag: string;
  /** Whether the focused element is `contenteditable`. */
  targetEditable: boolean;
}

/** Returns whether the focused element takes text, so single-key shortcuts must stay off. */
export function isTypingTarget(tag: string, editable: boolean): boolean {
  return editable || tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
}

/** Returns whether the event is the `/` shortcut that focuses the search field. */
export function isFocusSearchShortcut(event: ShortcutEvent): boolean {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) {
    return false;
  }
  return !isTypingTarget(event.targetTag, event.targetEditable);
}

/** Returns whether the event is Ctrl+Q, which quits the app from anywhere, fields included. */
export function isQuitShortcut(event: ShortcutEvent): boolean {
  return event.ctrlKey && !event.altKey && !event.metaKey && event.key.toLowerCase() === "q";
}
