import { describe, expect, it } from "vitest";

import { distinctDateTimes, everyMonth, localDateTime, utcTitle } from "./dates";

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

describe("distinctDateTimes", () => {
  it("adds seconds only where two times share a minute", () => {
    const labels = distinctDateTimes(["2026-12-05T16:43:07Z", "2026-12-05T16:43:51Z", "2026-12-05T18:00:00Z"]);

    expect(labels[0]).toBe(localDateTime("2026-12-05T16:43:07Z", true));
    expect(labels[1]).toBe(localDateTime("2026-12-05T16:43:51Z", true));
    expect(labels[0]).not.toBe(labels[1]);
    expect(labels[2]).toBe(localDateTime("2026-12-05T18:00:00Z"));
  });
});
