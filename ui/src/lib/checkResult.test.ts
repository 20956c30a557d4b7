import { describe, expect, it } from "vitest";

import type { DocumentSummary } from "./bindings/DocumentSummary";
import { checkResult, pendingCheck } from "./checkResult";

function row(versions: number, error: string | null = null): DocumentSummary {
  return {
    platform: "Acme",
    document: "Terms",
    versions,
    first_recorded: null,
    last_recorded: null,
    last_substantive_change: null,
    watch: {
      last_checked_at: "2026-12-05T14:43:07Z",
      next_check_at: "2026-12-05T20:43:07Z",
      last_error: error,
      consecutive_failures: error === null ? 0 : 1,
      needs_attention: false,
    },
  };
}

describe("check results", () => {
  const pending = pendingCheck(row(3), new Date("2026-12-05T14:43:07.600Z"));

  it("keeps the request time to the second", () => {
    expect(pending.requestedAt).toBe("2026-12-05T14:43:07Z");
  });

  it("waits while an earlier pass ends", () => {
    expect(checkResult(pending, "2026-12-05T14:43:06Z", row(4))).toBeNull();
  });

  it("reports a failure with its reason", () => {
    const result = checkResult(pending, "2026-12-05T14:43:07Z", row(3, "answered HTTP 500"));
    expect(result).toEqual({ text: "The check of Acme Terms failed: answered HTTP 500", failed: true });
  });

  it("reports a new version", () => {
    const result = checkResult(pending, "2026-12-05T14:43:08Z", row(4));
    expect(result?.text).toContain("Acme Terms changed");
    expect(result?.failed).toBe(false);
  });

  it("reports no change", () => {
    const result = checkResult(pending, "2026-12-05T14:43:08Z", row(3));
    expect(result?.text).toBe("Acme Terms was checked: no change since the last version.");
  });
});
