// The edit that saves a checklist item's form: only the fields the user changed.

import type { ChecklistItem } from "./bindings/ChecklistItem";
import type { ItemEdit } from "./bindings/ItemEdit";
import type { ItemStatus } from "./bindings/ItemStatus";

/** The fields of an item's form as typed; an empty text means the field is empty. */
export interface ItemForm {
  status: ItemStatus;
  owner: string;
  due: string;
  risk: string;
  evidence: string;
  notes: string;
}

/**
 * Returns the edit that writes the fields of `form` that differ from `stored`, the item as the
 * form last read it. The others are null, which the store leaves as they are, so saving one
 * field never writes back an older value of another that was changed elsewhere meanwhile.
 */
export function itemEdit(stored: ChecklistItem, form: ItemForm): ItemEdit {
  const changed = (typed: string, saved: string | null): string | null =>
    typed === (saved ?? "") ? null : typed;
  return {
    status: form.status === stored.status ? null : form.status,
    owner: changed(form.owner, stored.owner),
    due_date: changed(form.due, stored.due_date),
    risk: changed(form.risk, stored.risk),
    evidence: changed(form.evidence, stored.evidence),
    notes: changed(form.notes, stored.notes),
  };
}
