import { describe, expect, it } from "vitest";

import { ITEM_STATUSES, statusLabel } from "./checklistStatus";

describe("statusLabel", () => {
  it("replaces underscores and capitalises", () => {
    expect(statusLabel("non_complying")).toBe("Non complying");
    expect(statusLabel("waived")).toBe("Waived");
  });

  it("covers the seven store statuses", () => {
    expect(ITEM_STATUSES).toHaveLength(7);
    expect(new Set(ITEM_STATUSES).size).toBe(7);
  });
});
