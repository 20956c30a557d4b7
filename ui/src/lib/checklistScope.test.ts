import { describe, expect, it } from "vitest";

import type { Checklist } from "./bindings/Checklist";
import { coversSameSubject } from "./checklistScope";

function checklist(document: string | null, clause: string | null): Checklist {
  let scope = "platform";
  if (clause !== null) {
    scope = "clause";
  } else if (document !== null) {
    scope = "document";
  }
  return {
    id: 1,
    category: "arbitration",
    scope,
    platform: "Netflix",
    document,
    clause_id: clause,
    rule_set: "2026.8",
    created_by: "reviewer",
    created_at: "2026-12-05T10:00:00Z",
    items: [],
  };
}

describe("coversSameSubject", () => {
  it("matches a document checklist by name, ignoring case", () => {
    const open = checklist("Terms of Service", null);
    expect(coversSameSubject(open, "arbitration", "netflix", "terms of service", null)).toBe(true);
  });

  it("tells a document checklist from a platform one", () => {
    const open = checklist("Terms of Service", null);
    expect(coversSameSubject(open, "arbitration", "Netflix", null, null)).toBe(false);
  });

  it("matches a clause checklist by clause id", () => {
    const open = checklist("Terms of Service", "cc8e32820dbaf");
    expect(coversSameSubject(open, "arbitration", "Netflix", null, "cc8e32820dbaf")).toBe(true);
    expect(coversSameSubject(open, "arbitration", "Netflix", null, "ceb0c4f54273f")).toBe(false);
  });

  it("needs the same category", () => {
    const open = checklist(null, null);
    expect(coversSameSubject(open, "jurisdiction", "Netflix", null, null)).toBe(false);
    expect(coversSameSubject(open, "arbitration", "Netflix", null, null)).toBe(true);
  });
});
