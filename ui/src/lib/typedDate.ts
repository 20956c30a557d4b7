// Dates typed by hand as YYYY-MM-DD: reading what the user typed, and stepping a day with the
// arrow keys. WebKitGTK 2.50's date control took no typed digits when tried (xdotool under Xvfb),
// so date fields are text fields.

/**
 * Returns `text` as a YYYY-MM-DD date when it names a real calendar day, such as "2025-4-7"
 * (read as 2025-04-07) or " 2025-04-17 ", else null ("2025-02-30", "17/04/2025").
 */
export function parseTypedDate(text: string): string | null {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (match === null) {
    return null;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date.toISOString().slice(0, 10) : null;
}

/** Returns the YYYY-MM-DD date `days` days after `iso` (before it when negative). */
export function shiftDate(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
