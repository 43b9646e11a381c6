/** A calendar date (YYYY-MM-DD) as local midnight, so it shows as the same day in every time zone. */
export function localDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00` : value;
}

/** Whole days between an instant and now. */
export function daysSince(value: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(value)) / 86_400_000));
}
