import { describe, expect, it } from "vitest";

import { parseTypedDate, shiftDate } from "./typedDate";

describe("typed dates", () => {
  it("reads a full date", () => {
    expect(parseTypedDate("2025-04-17")).toBe("2025-04-17");
  });

  it("pads a short month and day", () => {
    expect(parseTypedDate(" 2025-4-7 ")).toBe("2025-04-07");
  });

  it("refuses a day the calendar lacks", () => {
    expect(parseTypedDate("2025-02-30")).toBeNull();
    expect(parseTypedDate("2025-13-01")).toBeNull();
  });

  it("accepts 29 February of a leap year only", () => {
    expect(parseTypedDate("2024-02-29")).toBe("2024-02-29");
    expect(parseTypedDate("2025-02-29")).toBeNull();
  });

  it("refuses other orders and partial dates", () => {
    expect(parseTypedDate("17/04/2025")).toBeNull();
    expect(parseTypedDate("2025-04")).toBeNull();
    expect(parseTypedDate("")).toBeNull();
  });

  it("steps across month and year ends", () => {
    expect(shiftDate("2025-12-31", 1)).toBe("2026-01-01");
    expect(shiftDate("2024-03-01", -1)).toBe("2024-02-29");
  });
});
