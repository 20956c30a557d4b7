// Long messages cut to a preview that fits one line of a table, with the full text kept for
// a disclosure next to it.

/**
 * Returns `text` cut to at most `limit` characters at the last space before the limit, with
 * "…" added, or `text` itself when it fits.
 */
export function shortened(text: string, limit: number): string {
  const characters = Array.from(text.trim());
  if (characters.length <= limit) {
    return characters.join("");
  }
  const head = characters.slice(0, limit).join("");
  const space = head.lastIndexOf(" ");
  const cut = space > limit / 2 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:.]+$/u, "")}…`;
}
