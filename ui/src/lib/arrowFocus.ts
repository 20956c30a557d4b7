// A Svelte action that lets the arrow keys, Home and End move the focus between the items of a
// list or table that the view renders itself, such as the dashboard's change rows. Views with
// a plain list of buttons use the KeyList component instead.

import { isListKey, nextIndex } from "./listNav";

/**
 * Moves the focus between the elements of `node` that match `selector` (each item's main
 * link) when one of them has focus and a list key is pressed. Other keys, and list keys
 * pressed in a form field or a chip link outside `selector`, keep their usual effect.
 */
export function arrowFocus(node: HTMLElement, selector: string): { destroy: () => void } {
  function onkeydown(event: KeyboardEvent): void {
    if (!isListKey(event.key) || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    const items = Array.from(node.querySelectorAll<HTMLElement>(selector));
    const current = items.findIndex((item) => item === document.activeElement);
    if (current < 0) {
      return;
    }
    event.preventDefault();
    const next = items[nextIndex(current, items.length, event.key)];
    next?.focus();
    next?.scrollIntoView({ block: "nearest" });
  }

  node.addEventListener("keydown", onkeydown);
  return { destroy: () => node.removeEventListener("keydown", onkeydown) };
}
