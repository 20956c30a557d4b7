import { describe, expect, it } from "vitest";

import { memoFileName } from "./memoFile";

describe("memoFileName", () => {
  it("joins platform, document and date", () => {
    expect(memoFileName("Netflix", "Terms of Service", "2026-12-01")).toBe(
      "Netflix-Terms-of-Service-memo-2026-12-01.pdf",
    );
  });

  it("leaves out blank parts", () => {
    expect(memoFileName("Stack Overflow", "", "")).toBe("Stack-Overflow-memo.pdf");
  });

  it("replaces path separators", () => {
    expect(memoFileName("../etc", "a/b", "")).toBe("etc-a-b-memo.pdf");
  });
});
