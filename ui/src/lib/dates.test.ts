import { describe, expect, it } from "vitest";

import { countByMonth, utcTitle } from "./dates";

describe("dates", () => {
  it("shows the UTC time to the minute", () => {
    expect(utcTitle("2025-04-17T06:12:45Z")).toBe("2025-04-17 06:12 UTC");
  });

  it("counts changes per month, oldest first", () => {
    const times = ["2025-04-17T00:00:00Z", "2024-09-01T00:00:00Z", "2025-04-02T10:00:00Z"];
    expect(countByMonth(times)).toEqual([
      { month: "2024-09", count: 1 },
      { month: "2025-04", count: 2 },
    ]);
  });
});
