// The statuses and risk levels of a checklist item, in the store's order, and their labels.

import type { ItemStatus } from "./bindings/ItemStatus";

/** Every item status, from not yet assessed to waived. */
export const ITEM_STATUSES: readonly ItemStatus[] = [
  "unassessed",
  "requires_review",
  "applicable",
  "not_applicable",
  "complying",
  "non_complying",
  "waived",
];

/** Returns the label of `status`: "non_complying" reads "Non complying". */
export function statusLabel(status: ItemStatus): string {
  const words = status.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The risk levels the store accepts for an item; an empty value means not rated. */
export const ITEM_RISKS = ["low", "medium", "high"] as const;

/** Labels of the item fields that its history names by column. */
const FIELD_LABELS: Record<string, string> = {
  status: "Status",
  owner: "Owner",
  due_date: "Due date",
  risk: "Risk",
  evidence: "Evidence",
  notes: "Notes",
};

/** Returns the label of a history entry's field, such as "Due date" for `due_date`. */
export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/_/g, " ");
}

/** Returns a history entry's value as shown: a status by its label, a missing value as "—". */
export function historyValue(field: string, value: string | null): string {
  if (value === null || value === "") {
    return "—";
  }
  if (field === "status" && (ITEM_STATUSES as readonly string[]).includes(value)) {
    return statusLabel(value as ItemStatus);
  }
  return value;
}
