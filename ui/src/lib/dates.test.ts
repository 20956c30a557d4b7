import { describe, expect, it } from "vitest";

import { everyMonth, localDateTime, utcTitle } from "./dates";

describe("dates", () => {
  it("shows the UTC time to the minute", () => {
    expect(utcTitle("2025-04-17T06:12:45Z")).toBe("2025-04-17 06:12 UTC");
  });

  it("shows the time of day", () => {
    const morning = localDateTime("2025-04-17T06:12:45Z");
    const evening = localDateTime("2025-04-17T18:40:00Z");
    expect(morning).not.toBe(evening);
    expect(morning).toMatch(/\d{1,2}:\d{2}/);
    expect(morning).toContain("2025");
  });

  it("keeps text that is not a time", () => {
    expect(localDateTime("unknown")).toBe("unknown");
  });

  it("fills the months between counted ones with zero", () => {
    const groups = [
      { key: "2024-11", count: 1 },
      { key: "2025-02", count: 3 },
    ];
    expect(everyMonth(groups)).toEqual([
      { month: "2024-11", count: 1 },
      { month: "2024-12", count: 0 },
      { month: "2025-01", count: 0 },
      { month: "2025-02", count: 3 },
    ]);
  });

  it("has no months without counts", () => {
    expect(everyMonth([])).toEqual([]);
  });
});
