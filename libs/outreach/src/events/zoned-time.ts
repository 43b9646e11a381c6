const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));

export const isTimeZone = (zone: string): boolean => TIME_ZONES.has(zone);

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** Milliseconds the zone is ahead of UTC at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of a wall-clock time (`YYYY-MM-DDTHH:mm`) in an IANA zone, or null when the text is
 * not such a time, or one that does not happen in that zone (skipped by a daylight-saving change).
 */
export function zonedToInstant(local: string, timeZone: string): Date | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  let instant = wall - offsetAt(wall, timeZone);
  instant = wall - offsetAt(instant, timeZone);
  // Of a time that happens twice (autumn), the first; one that never happens (spring) is refused.
  const earlier = wall - offsetAt(instant - 3_600_000, timeZone);
  if (earlier < instant && instantToZoned(new Date(earlier), timeZone) === local) instant = earlier;
  if (instantToZoned(new Date(instant), timeZone) !== local) return null;
  return new Date(instant);
}

/** The wall-clock time (`YYYY-MM-DDTHH:mm`) of an instant in an IANA zone. */
export function instantToZoned(instant: Date, timeZone: string): string {
  const shifted = new Date(instant.getTime() + offsetAt(instant.getTime(), timeZone));
  return shifted.toISOString().slice(0, 16);
}
