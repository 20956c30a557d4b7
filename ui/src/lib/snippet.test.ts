import { describe, expect, it } from "vitest";

import { MATCH_END, MATCH_START, snippetParts } from "./snippet";

const plain = (text: string) => ({ text, match: false });
const match = (text: string) => ({ text, match: true });
const marked = (word: string) => `${MATCH_START}${word}${MATCH_END}`;

describe("snippetParts", () => {
  it("turns marks into matched runs", () => {
    expect(snippetParts(`…disputes go to ${marked("arbitration")} in Delaware…`)).toEqual([
      plain("…disputes go to "),
      match("arbitration"),
      plain(" in Delaware…"),
    ]);
  });

  it("keeps the clause's brackets as text", () => {
    expect(snippetParts(`[Company] may refer a claim to [${marked("arbitration")}].`)).toEqual([
      plain("[Company] may refer a claim to ["),
      match("arbitration"),
      plain("]."),
    ]);
  });

  it("keeps adjacent matches separate", () => {
    expect(snippetParts(`train ${marked("machine")} ${marked("learning")} models`)).toEqual([
      plain("train "),
      match("machine"),
      plain(" "),
      match("learning"),
      plain(" models"),
    ]);
  });

  it("reads unmarked snippets as text", () => {
    expect(snippetParts("<b>Fees</b> are due.")).toEqual([plain("<b>Fees</b> are due.")]);
    expect(snippetParts("")).toEqual([]);
  });

  it("handles unbalanced marks", () => {
    expect(snippetParts(`a${MATCH_END} b ${MATCH_START}c`)).toEqual([plain("a b "), match("c")]);
  });
});
