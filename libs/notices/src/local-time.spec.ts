import { daysBetween, isQuiet, localTime, reminderDue, weekOf } from './local-time.js';

describe('reminder arithmetic', () => {
  it('reads the local date and hour in a time zone', () => {
    const now = new Date('2026-11-28T23:30:00Z');
    expect(localTime(now, 'UTC')).toEqual({ date: '2026-11-28', hour: 23, weekday: 6 });
    expect(localTime(now, 'Europe/Warsaw')).toEqual({ date: '2026-11-29', hour: 0, weekday: 7 });
    expect(localTime(now, 'America/New_York')).toMatchObject({ date: '2026-11-28', hour: 18 });
  });

  it('counts days between calendar dates across month ends', () => {
    expect(daysBetween('2026-11-28', '2026-12-05')).toBe(7);
    expect(daysBetween('2026-12-05', '2026-11-28')).toBe(-7);
  });

  it('owes the smallest reminder not yet passed, so a late scan sends one notice, not two', () => {
    expect(reminderDue(10, [7, 1])).toBeNull();
    expect(reminderDue(7, [7, 1])).toBe(7);
    expect(reminderDue(3, [7, 1])).toBe(7);
    expect(reminderDue(1, [7, 1])).toBe(1);
    expect(reminderDue(0, [1, 7])).toBe(1);
    expect(reminderDue(5, [])).toBeNull();
  });

  it('keeps quiet hours, also across midnight', () => {
    expect(isQuiet(23, 22, 7)).toBe(true);
    expect(isQuiet(6, 22, 7)).toBe(true);
    expect(isQuiet(7, 22, 7)).toBe(false);
    expect(isQuiet(13, 12, 14)).toBe(true);
    expect(isQuiet(14, 12, 14)).toBe(false);
    expect(isQuiet(3, null, null)).toBe(false);
  });

  it('names a week by its Monday', () => {
    expect(weekOf('2026-11-29', 7)).toBe('2026-11-23');
    expect(weekOf('2026-11-23', 1)).toBe('2026-11-23');
  });
});
