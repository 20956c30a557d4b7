// The current route, kept in the location hash so the window's back and forward keys work.

import { formatHash, parseHash, type Route, type ViewId } from "./views";

let current = $state<Route>(parseHash(window.location.hash));

window.addEventListener("hashchange", () => {
  current = parseHash(window.location.hash);
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
