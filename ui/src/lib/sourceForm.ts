// The source editor's fields and their conversion to and from the shell's source form. The
// editor shows lists as one entry per line and the interval in hours; the shell takes lists
// and seconds. Checks that need the engine (selector syntax, URL parsing) happen on save.

import type { SourceForm } from "./bindings/SourceForm";

/** The editor's fields, as typed. */
export interface SourceFields {
  platform: string;
  document: string;
  /** One URL per line. */
  urls: string;
  /** One CSS selector per line. */
  select: string;
  /** One CSS selector per line. */
  remove: string;
  /** Hours between checks, as typed. */
  intervalHours: string;
}

/** Document types as Open Terms Archive names them, offered while typing. */
export const DOCUMENT_TYPES: readonly string[] = [
  "Terms of Service",
  "Privacy Policy",
  "Acceptable Use Policy",
  "Community Guidelines",
  "Copyright Claims Policy",
  "Commercial Terms",
  "Developer Terms",
  "Generative AI Policy",
  "Trackers Policy",
];

/** Returns `seconds` as hours for a field, rounded to two decimals: 5400 gives "1.5". */
export function hoursText(seconds: number): string {
  return String(Math.round((seconds / 3600) * 100) / 100);
}

/**
 * Returns the seconds of a typed number of hours (a comma counts as the decimal point), or
 * null when it is not a plain decimal number ("0x10", "1e1" and "" are not) or not between a
 * quarter of an hour and 30 days.
 */
export function parseHours(text: string): number | null {
  const typed = text.trim().replace(",", ".");
  if (!/^(\d+\.?\d*|\.\d+)$/.test(typed)) {
    return null;
  }
  const hours = Number(typed);
  if (!Number.isFinite(hours) || hours < 0.25 || hours > 720) {
    return null;
  }
  return Math.round(hours * 3600);
}

/** Returns the non-empty, trimmed lines of `text`. */
export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** Returns the fields of a stored form. */
export function toFields(form: SourceForm): SourceFields {
  return {
    platform: form.platform,
    document: form.document,
    urls: form.urls.join("\n"),
    select: form.select.join("\n"),
    remove: form.remove.join("\n"),
    intervalHours: hoursText(form.interval_seconds),
  };
}

/** Returns empty fields for a new source, checked every `intervalSeconds`. */
export function emptyFields(intervalSeconds: number, platform = ""): SourceFields {
  return {
    platform,
    document: "Terms of Service",
    urls: "",
    select: "",
    remove: "",
    intervalHours: hoursText(intervalSeconds),
  };
}

/** Returns the form to save, or a message naming the field to correct. */
export function toForm(fields: SourceFields): { form: SourceForm } | { problem: string } {
  const platform = fields.platform.trim();
  const document = fields.document.trim();
  if (platform === "" || document === "") {
    return { problem: "Give the platform and the document a name." };
  }
  const urls = lines(fields.urls);
  if (urls.length === 0) {
    return { problem: "Give at least one URL: the address of the document's page." };
  }
  const intervalSeconds = parseHours(fields.intervalHours);
  if (intervalSeconds === null) {
    return {
      problem: `Check interval "${fields.intervalHours}" is not a number of hours between 0.25 and 720, such as 6 or 1.5.`,
    };
  }
  return {
    form: {
      platform,
      document,
      urls,
      select: lines(fields.select),
      remove: lines(fields.remove),
      interval_seconds: intervalSeconds,
    },
  };
}

/** Returns how often a source with this interval is checked, in words. */
export function intervalLabel(seconds: number): string {
  const hours = seconds / 3600;
  if (hours < 1) {
    return `every ${Math.round(seconds / 60)} minutes`;
  }
  if (hours % 24 === 0 && hours >= 24) {
    const days = hours / 24;
    return days === 1 ? "daily" : `every ${days} days`;
  }
  const rounded = Math.round(hours * 100) / 100;
  return rounded === 1 ? "hourly" : `every ${rounded} hours`;
}
