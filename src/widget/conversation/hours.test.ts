import { describe, expect, it } from 'vitest';
import { availability, parseHours } from './hours.ts';

describe('parseHours (data-hours)', () => {
  it('reads day ranges, times and an IANA timezone', () => {
    expect(parseHours('Mon-Fri 09:00-17:30, Sat 10-14 Europe/Berlin')).toEqual({
      timezone: 'Europe/Berlin',
      windows: [1, 2, 3, 4, 5].map((day) => ({ day, from: 540, to: 1050 })).concat([{ day: 6, from: 600, to: 840 }]),
    });
    expect(parseHours('America/New_York; sunday 08:00-12:00 13:00-16:00')?.windows).toEqual([
      { day: 0, from: 480, to: 720 },
      { day: 0, from: 780, to: 960 },
    ]);
    // Past midnight runs into the next day; a range may wrap the week (Sat-Mon).
    expect(parseHours('Fri 20:00-02:00 UTC')?.windows).toEqual([
      { day: 5, from: 1200, to: 1440 },
      { day: 6, from: 0, to: 120 },
    ]);
    expect(parseHours('Sat-Mon 0:00-24:00 UTC')?.windows.map((w) => w.day)).toEqual([6, 0, 1]);
  });

  it('gives nothing for what it cannot read', () => {
    for (const input of [undefined, '', 'Mon-Fri 09:00-17:00', 'Mon-Fri 09:00-17:00 Mars/Olympus', 'always UTC', 'Mon 25:00-26:00 UTC', 'Funday 9-5 UTC']) {
      expect(parseHours(input), String(input)).toBeUndefined();
    }
  });
});

describe('availability', () => {
  const berlin = parseHours('Mon-Fri 09:00-17:00 Europe/Berlin')!;

  it('is open inside the hours, in the inbox’s timezone whatever the visitor’s', () => {
    // Tuesday 3 June 2025, 10:00 in Berlin (08:00 UTC).
    expect(availability(berlin, Date.UTC(2025, 5, 3, 8, 0))).toEqual({ open: true });
    // 17:00 in Berlin: closed, back tomorrow at 09:00 Berlin (07:00 UTC).
    expect(availability(berlin, Date.UTC(2025, 5, 3, 15, 0))).toEqual({ open: false, next: Date.UTC(2025, 5, 4, 7, 0) });
  });

  it('finds the next opening across a weekend and a daylight-saving change', () => {
    // Friday 28 March 2025, 18:00 in Berlin (CET, UTC+1); the clocks go forward on Sunday 30 March.
    expect(availability(berlin, Date.UTC(2025, 2, 28, 17, 0))).toEqual({ open: false, next: Date.UTC(2025, 2, 31, 7, 0) });
    // Early Monday before opening, and a second into the hour.
    expect(availability(berlin, Date.UTC(2025, 2, 31, 5, 59, 1))).toEqual({ open: false, next: Date.UTC(2025, 2, 31, 7, 0) });
  });

  it('never opens when no day has hours, and an unknown timezone never shows away', () => {
    expect(availability({ timezone: 'UTC', windows: [] }, Date.UTC(2025, 0, 1))).toEqual({ open: false });
    expect(availability({ timezone: 'Nowhere/Else', windows: [] }, Date.UTC(2025, 0, 1))).toEqual({ open: true });
  });
});
