// The current route, kept in the location hash so the window's back and forward keys work.

import { leaveIfDiscarded } from "./discardPrompt.svelte";
import { unsavedCount } from "./unsaved";
import { formatHash, parseHash, type Route, type ViewId } from "./views";

let current = $state<Route>(parseHash(window.location.hash));

// The hash of the view on screen. While edits are unsaved, a new hash is put back to this one
// until the user chooses to discard them, and then opened.
let shownHash = window.location.hash;

window.addEventListener("hashchange", () => {
  const target = window.location.hash;
  if (target === shownHash) {
    return;
  }
  if (unsavedCount() > 0) {
    const url = new URL(window.location.href);
    url.hash = shownHash;
    history.replaceState(history.state, "", url);
    leaveIfDiscarded(() => {
      window.location.hash = target;
    });
    return;
  }
  shownHash = target;
  current = parseHash(target);
});

/** Returns the route shown now. */
export function currentRoute(): Route {
  return current;
}

/** Opens `view` with optional parameters by changing the location hash. */
export function navigate(view: ViewId, params?: Record<string, string>): void {
  const hash = formatHash(view, params);
  if (window.location.hash === hash) {
    current = parseHash(hash);
    return;
  }
  window.location.hash = hash;
}
