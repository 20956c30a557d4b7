// Dates as people read them: the store keeps UTC times; the views show the user's time zone
// and put the UTC time in the hover title.

/** Returns the calendar date of `iso` in the user's time zone, such as "17 Apr 2025". */
export function localDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

/** Returns `iso` in UTC for the hover title, such as "2025-04-17 06:12 UTC". */
export function utcTitle(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Returns today's date in the user's time zone as YYYY-MM-DD. */
export function todayIso(): string {
  const now = new Date();
  const month = String(now.getMonth() + 1).padStart(2, "0");
  const day = String(now.getDate()).padStart(2, "0");
  return `${now.getFullYear()}-${month}-${day}`;
}

/** Groups times into months ("2025-04") and counts each, oldest month first. */
export function countByMonth(times: string[]): { month: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const time of times) {
    const month = time.slice(0, 7);
    counts.set(month, (counts.get(month) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, count]) => ({ month, count }));
}
