import { describe, expect, it } from "vitest";

import { shortened } from "./shorten";

describe("shortened", () => {
  it("keeps text that fits", () => {
    expect(shortened("HTTP 503 from example.org ", 40)).toBe("HTTP 503 from example.org");
  });

  it("cuts at the last space before the limit", () => {
    const text = "the page answered HTTP 503 Service Unavailable, three times in a row";
    expect(shortened(text, 30)).toBe("the page answered HTTP 503…");
  });

  it("cuts inside a long word without spaces", () => {
    expect(shortened("https://example.org/terms/of/service/2026", 20)).toBe("https://example.org/…");
  });
});
