// The places of the app and how a location hash maps to one of them.
// To add a view: add its id here, give it a label, and render it in App.svelte.

export const VIEW_IDS = [
  "dashboard",
  "platforms",
  "document",
  "timeline",
  "diff",
  "search",
  "compare",
  "checklists",
  "memo",
  "settings",
  "about",
] as const;

export type ViewId = (typeof VIEW_IDS)[number];

/** A place in the navigation. */
export interface ViewEntry {
  id: ViewId;
  label: string;
  /** Group heading the entry is listed under in the sidebar. */
  group: "Overview" | "Documents" | "Review" | "App";
}

export const VIEWS: readonly ViewEntry[] = [
  { id: "dashboard", label: "Dashboard", group: "Overview" },
  { id: "platforms", label: "Platforms", group: "Overview" },
  { id: "search", label: "Search", group: "Overview" },
  { id: "document", label: "Document", group: "Documents" },
  { id: "timeline", label: "Clause timeline", group: "Documents" },
  { id: "diff", label: "Version diff", group: "Documents" },
  { id: "compare", label: "Compare", group: "Documents" },
  { id: "checklists", label: "Checklists", group: "Review" },
  { id: "memo", label: "Memo", group: "Review" },
  { id: "settings", label: "Settings", group: "App" },
  { id: "about", label: "About", group: "App" },
];

/** A parsed location: which view, and its parameters (such as a search query). */
export interface Route {
  view: ViewId;
  params: URLSearchParams;
}

/** Returns the label of `view`. */
export function viewLabel(view: ViewId): string {
  return VIEWS.find((entry) => entry.id === view)?.label ?? view;
}

/** Returns whether `value` names a view. */
export function isViewId(value: string): value is ViewId {
  return (VIEW_IDS as readonly string[]).includes(value);
}

/**
 * Parses a location hash such as `#/search?q=arbitration` into a route.
 * An empty or unknown hash opens the dashboard, so a stale bookmark never shows a blank page.
 */
export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, "");
  const queryStart = path.indexOf("?");
  const name = queryStart === -1 ? path : path.slice(0, queryStart);
  const query = queryStart === -1 ? "" : path.slice(queryStart + 1);
  const view = isViewId(name) ? name : "dashboard";
  return { view, params: new URLSearchParams(query) };
}

/** Formats a route as a location hash; the inverse of {@link parseHash}. */
export function formatHash(view: ViewId, params?: Record<string, string>): string {
  const query = new URLSearchParams(params ?? {}).toString();
  return query === "" ? `#/${view}` : `#/${view}?${query}`;
}
