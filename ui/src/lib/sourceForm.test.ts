import { describe, expect, it } from "vitest";

import { emptyFields, intervalLabel, lines, parseHours, toFields, toForm } from "./sourceForm";

describe("lines", () => {
  it("drops blank lines and trims the rest", () => {
    expect(lines("  #terms \n\n .annex\n   ")).toEqual(["#terms", ".annex"]);
  });
});

describe("toForm", () => {
  const fields = {
    platform: " Example ",
    document: "Terms of Service",
    urls: "https://example.org/terms\nhttps://example.org/terms/annex",
    select: "main",
    remove: ".cookie-banner\n nav ",
    intervalHours: "1,5",
  };

  it("splits lists and converts hours to seconds", () => {
    expect(toForm(fields)).toEqual({
      form: {
        platform: "Example",
        document: "Terms of Service",
        urls: ["https://example.org/terms", "https://example.org/terms/annex"],
        select: ["main"],
        remove: [".cookie-banner", "nav"],
        interval_seconds: 5400,
      },
    });
  });

  it("names the interval it refuses", () => {
    const outcome = toForm({ ...fields, intervalHours: "0.1" });
    expect(outcome).toEqual({
      problem: 'Check interval "0.1" is not a number of hours between 0.25 and 720, such as 6 or 1.5.',
    });
  });

  it("asks for a URL when none is given", () => {
    const outcome = toForm({ ...fields, urls: " \n " });
    expect(outcome).toHaveProperty("problem");
    expect("problem" in outcome ? outcome.problem : "").toContain("at least one URL");
  });

  it("reads back the fields a stored form gives", () => {
    const outcome = toForm(fields);
    if (!("form" in outcome)) {
      throw new Error("the fields are valid");
    }
    expect(toFields(outcome.form)).toEqual({
      ...fields,
      platform: "Example",
      remove: ".cookie-banner\nnav",
      intervalHours: "1.5",
    });
  });
});

describe("parseHours", () => {
  it("reads commas as decimal points and rejects values out of range", () => {
    expect(parseHours("1,5")).toBe(5400);
    expect(parseHours(" 720 ")).toBe(720 * 3600);
    expect(parseHours("0.2")).toBeNull();
    expect(parseHours("many")).toBeNull();
  });

  it("rejects hexadecimal, exponents and signs", () => {
    expect(parseHours("0x10")).toBeNull();
    expect(parseHours("1e1")).toBeNull();
    expect(parseHours("+6")).toBeNull();
    expect(parseHours("")).toBeNull();
    expect(parseHours(".5")).toBe(1800);
    expect(parseHours("6.")).toBe(6 * 3600);
  });
});

describe("emptyFields", () => {
  it("starts from the default interval in hours", () => {
    expect(emptyFields(6 * 3600, "Acme").intervalHours).toBe("6");
    expect(emptyFields(6 * 3600, "Acme").platform).toBe("Acme");
  });
});

describe("intervalLabel", () => {
  it("says minutes, hours and days as a person would", () => {
    expect(intervalLabel(900)).toBe("every 15 minutes");
    expect(intervalLabel(3600)).toBe("hourly");
    expect(intervalLabel(6 * 3600)).toBe("every 6 hours");
    expect(intervalLabel(86400)).toBe("daily");
    expect(intervalLabel(7 * 86400)).toBe("every 7 days");
  });
});
