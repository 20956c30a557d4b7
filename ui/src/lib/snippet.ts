// Search snippets as the store writes them: a part of a clause text with each matched run
// between the control characters U+0002 and U+0003 (`MATCH_START` and `MATCH_END` in the
// store's model), and "…" where the text was cut. Brackets in a snippet are the clause's own.
// Views render the parts as text nodes, never as HTML.

/** A run of a snippet: text as written, highlighted when it matched the query. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** Starts a matched run in a snippet. */
export const MATCH_START = "\u0002";

/** Ends a matched run in a snippet. */
export const MATCH_END = "\u0003";

const MARKS = /([\u0002\u0003])/;

/**
 * Splits `snippet` at the store's marks into plain and matched runs, without the marks. A run
 * left open at the end counts as matched. An end mark without a start is dropped.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  for (const piece of snippet.split(MARKS)) {
    if (piece === MATCH_START || piece === MATCH_END) {
      match = piece === MATCH_START;
      continue;
    }
    if (piece === "") {
      continue;
    }
    const last = parts.at(-1);
    if (last !== undefined && last.match === match) {
      last.text += piece;
    } else {
      parts.push({ text: piece, match });
    }
  }
  return parts;
}
