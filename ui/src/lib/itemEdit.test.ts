import { describe, expect, it } from "vitest";

import type { ChecklistItem } from "./bindings/ChecklistItem";
import { type ItemForm, itemEdit } from "./itemEdit";

const stored: ChecklistItem = {
  id: 7,
  position: 1,
  text: "Does the clause restrict AI training?",
  source: "eu-dsm-art-4",
  status: "applicable",
  owner: "Alice",
  due_date: "2026-03-15",
  risk: null,
  evidence: null,
  notes: "Asked counsel.",
  updated_at: "2026-12-06T16:40:00Z",
};

const unchanged: ItemForm = {
  status: "applicable",
  owner: "Alice",
  due: "2026-03-15",
  risk: "",
  evidence: "",
  notes: "Asked counsel.",
};

describe("itemEdit", () => {
  it("sends nothing for an unchanged form", () => {
    expect(itemEdit(stored, unchanged)).toEqual({
      status: null,
      owner: null,
      due_date: null,
      risk: null,
      evidence: null,
      notes: null,
    });
  });

  it("sends only the field that changed", () => {
    const edit = itemEdit(stored, { ...unchanged, notes: "Reviewed with legal" });

    expect(edit.notes).toBe("Reviewed with legal");
    expect(edit.owner).toBeNull();
    expect(edit.due_date).toBeNull();
    expect(edit.status).toBeNull();
  });

  it("sends an empty text to clear a stored value", () => {
    const edit = itemEdit(stored, { ...unchanged, owner: "" });

    expect(edit.owner).toBe("");
  });

  it("sends a value typed into an empty field and a new status", () => {
    const edit = itemEdit(stored, { ...unchanged, risk: "high", status: "non_complying" });

    expect(edit.risk).toBe("high");
    expect(edit.status).toBe("non_complying");
  });
});
