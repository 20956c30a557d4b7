// Arrow-key movement through a list: which index gets focus after a key press.

/** Keys that move the focus inside a list. */
export type ListKey = "ArrowDown" | "ArrowUp" | "Home" | "End";

/** Returns whether `key` moves the focus inside a list. */
export function isListKey(key: string): key is ListKey {
  return key === "ArrowDown" || key === "ArrowUp" || key === "Home" || key === "End";
}

/**
 * Returns the index to focus after `key` in a list of `length` items when `current` has focus.
 * The focus stops at both ends instead of wrapping, as native list boxes do. An empty list
 * returns -1. A `current` of -1 (nothing focused) moves to the first or last item.
 */
export function nextIndex(current: number, length: number, key: ListKey): number {
  if (length <= 0) {
    return -1;
  }

  switch (key) {
    case "Home":
      return 0;
    case "End":
      return length - 1;
    case "ArrowDown":
      return current < 0 ? 0 : Math.min(current + 1, length - 1);
    case "ArrowUp":
      return current < 0 ? length - 1 : Math.max(current - 1, 0);
  }
}
