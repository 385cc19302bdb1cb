import { describe, expect, it } from 'vitest';
import { dayLabel, fullTime, reopening, shortTime } from './time.ts';

// Local times (the visitor's timezone, whatever the machine's), so the calendar days are the ones the tests name.
const local = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min);
const now = local(2025, 6, 3, 15, 30).getTime();

describe('message times', () => {
  it('are relative today, in the visitor’s language', () => {
    expect(shortTime(local(2025, 6, 3, 15, 30), now, 'en')).toBe('now');
    // A clock slightly ahead reads as now too.
    expect(shortTime(new Date(now + 30_000), now, 'en')).toBe('now');
    expect(shortTime(local(2025, 6, 3, 15, 25), now, 'en')).toBe('5 min. ago');
    expect(shortTime(local(2025, 6, 3, 13, 10), now, 'en')).toBe('2 hr. ago');
    expect(shortTime(local(2025, 6, 3, 15, 25), now, 'de')).toBe('vor 5 Min.');
  });

  it('give the clock before today, and everything in full on demand', () => {
    expect(shortTime(local(2025, 6, 2, 9, 5), now, 'en-GB')).toBe('09:05');
    expect(shortTime(local(2025, 6, 2, 9, 5), now, 'en-US')).toBe('9:05 AM');
    expect(fullTime(local(2025, 6, 2, 9, 5), 'en-GB')).toBe('Monday, 2 June 2025 at 09:05');
    expect(fullTime(local(2025, 6, 2, 9, 5), 'fr')).toBe('lundi 2 juin 2025 à 09:05');
  });

  it('separate days as Today, Yesterday, then the date (with the year when it is another)', () => {
    expect(dayLabel(local(2025, 6, 3, 1), now, 'en')).toBe('Today');
    expect(dayLabel(local(2025, 6, 2, 23), now, 'en')).toBe('Yesterday');
    expect(dayLabel(local(2025, 6, 2, 23), now, 'de')).toBe('Gestern');
    expect(dayLabel(local(2025, 5, 28), now, 'en-US')).toBe('Wednesday, May 28');
    expect(dayLabel(local(2024, 12, 31), now, 'en-US')).toBe('Tuesday, December 31, 2024');
  });

  it('say when the inbox reopens: a time later today, else the day and time', () => {
    const at = (time: string) => `at ${time}`;
    expect(reopening(local(2025, 6, 3, 17, 0).getTime(), now, 'en-GB', at)).toBe('at 17:00');
    expect(reopening(local(2025, 6, 9, 9, 0).getTime(), now, 'en-GB', at)).toBe('Monday 09:00');
  });
});
