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

/**
 * Returns the date and time of `iso` to the minute in the user's time zone, such as
 * "17 Apr 2025, 20:12", for places where two versions of one day must look different.
 */
export function localDateTime(iso: string, withSeconds = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return date.toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(withSeconds ? { second: "2-digit" } : {}),
  });
}

/**
 * Returns a label for each time of `isos`, as {@link localDateTime} writes it, with seconds
 * for the times whose label to the minute another time shares, so that two versions recorded
 * within one minute can be distinguished in a list.
 */
export function distinctDateTimes(isos: readonly string[]): string[] {
  const minutes = isos.map((iso) => localDateTime(iso));
  return isos.map((iso, index) => {
    const label = minutes[index] ?? iso;
    const shared = minutes.some((other, at) => at !== index && other === label);
    return shared ? localDateTime(iso, true) : label;
  });
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

/**
 * Returns one entry per month from the first to the last month of `groups` (counts keyed by
 * "2025-04", oldest first), with 0 for the months in between that have none.
 */
export function everyMonth(groups: { key: string; count: number }[]): { month: string; count: number }[] {
  const first = groups[0]?.key;
  const last = groups.at(-1)?.key;
  if (first === undefined || last === undefined) {
    return [];
  }
  const counts = new Map(groups.map((group) => [group.key, group.count]));
  const months: { month: string; count: number }[] = [];
  let year = Number(first.slice(0, 4));
  // A bound of a century of months guards against a key that never comes.
  for (let month = Number(first.slice(5, 7)); months.length < 1200; month += 1) {
    if (month > 12) {
      year += 1;
      month = 1;
    }
    const key = `${year}-${String(month).padStart(2, "0")}`;
    months.push({ month: key, count: counts.get(key) ?? 0 });
    if (key === last) {
      break;
    }
  }
  return months;
}
