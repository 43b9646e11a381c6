/** The local calendar date (`YYYY-MM-DD`) and hour of an instant in a time zone. */
export function localTime(now: Date, timeZone: string): { date: string; hour: number; weekday: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), weekday };
}

/** Whole days from `from` to `to` (calendar dates). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Quiet hours [from, to) may wrap midnight (22 to 7). */
export function isQuiet(hour: number, from: number | null, to: number | null): boolean {
  if (from === null || to === null || from === to) return false;
  return from < to ? hour >= from && hour < to : hour >= from || hour < to;
}

/** Which reminder an item `daysLeft` from its due date is owed: the smallest reminder day not yet passed. */
export function reminderDue(daysLeft: number, reminderDays: number[]): number | null {
  const owed = reminderDays.filter((d) => daysLeft <= d).sort((a, b) => a - b);
  return owed.length ? owed[0]! : null;
}

/** The Monday (`YYYY-MM-DD`) of the ISO week of a local date. */
export function weekOf(date: string, weekday: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - (weekday - 1) * 86_400_000).toISOString().slice(0, 10);
}
