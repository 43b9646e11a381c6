import { instantToZoned, isTimeZone, zonedToInstant } from './zoned-time.js';

describe('wall-clock times in a zone', () => {
  it('turns a local time into the instant, across zones and daylight saving', () => {
    expect(zonedToInstant('2026-12-11T09:00', 'Africa/Addis_Ababa')?.toISOString()).toBe('2026-12-11T06:00:00.000Z');
    expect(zonedToInstant('2026-07-01T09:00', 'Europe/Warsaw')?.toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(zonedToInstant('2026-01-15T09:00', 'Europe/Warsaw')?.toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(zonedToInstant('2026-03-08T09:30', 'America/New_York')?.toISOString()).toBe('2026-03-08T13:30:00.000Z');
    expect(zonedToInstant('2026-12-11T09:00', 'UTC')?.toISOString()).toBe('2026-12-11T09:00:00.000Z');
  });

  it('refuses a time skipped by the spring change (it never happens there), and takes the first of a repeated one', () => {
    expect(zonedToInstant('2026-03-29T02:30', 'Europe/Warsaw')).toBeNull();
    expect(zonedToInstant('2026-03-29T02:30', 'Europe/Brussels')).toBeNull();
    expect(zonedToInstant('2026-03-08T02:15', 'America/New_York')).toBeNull();
    expect(zonedToInstant('2026-03-29T03:00', 'Europe/Warsaw')?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(zonedToInstant('2026-10-25T02:30', 'Europe/Warsaw')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses what is not a wall-clock time', () => {
    expect(zonedToInstant('2026-02-30T09:00', 'UTC')).toBeNull();
    expect(zonedToInstant('2026-12-11 09:00', 'UTC')).toBeNull();
    expect(zonedToInstant('2026-12-11T24:00', 'UTC')).toBeNull();
  });

  it('shows an instant in the zone, and knows the zones', () => {
    expect(instantToZoned(new Date('2026-12-11T06:00:00Z'), 'Africa/Addis_Ababa')).toBe('2026-12-11T09:00');
    expect(isTimeZone('Africa/Addis_Ababa')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
