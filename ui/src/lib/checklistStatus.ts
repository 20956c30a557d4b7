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
