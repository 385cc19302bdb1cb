import type { OpeningWindow, WorkingHours } from '../../protocol/index.ts';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_MINUTES = 1440;
const TIMEZONE = /(?:^|[\s,;])([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+|UTC)(?=[\s,;]|$)/;
const TIME_RANGE = /(\d{1,2})(?::(\d{2}))?\s*[-–]\s*(\d{1,2})(?::(\d{2}))?/g;
const DAY_RANGE = /^\s*([a-z]{3})[a-z]*\.?(?:\s*[-–]\s*([a-z]{3})[a-z]*\.?)?/i;

/** Whether `timezone` is one this browser knows (an unknown one makes Intl throw). */
const knownZone = (timezone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
};

const minutes = (h: string, m = '0'): number | undefined => {
  const value = Number(h) * 60 + Number(m);
  return Number(m) < 60 && value <= DAY_MINUTES ? value : undefined;
};

/**
 * The site's `data-hours`: day ranges with their times, comma- or semicolon-separated, and an IANA timezone anywhere,
 * e.g. `Mon-Fri 09:00-17:30, Sat 10:00-14:00 Europe/Berlin` (days in English, `Mon`…`Sun` or whole names; a range
 * past midnight such as `Fri 20:00-02:00` runs into the next day). Undefined when nothing in it can be read.
 */
export const parseHours = (input: string | undefined): WorkingHours | undefined => {
  if (!input) return undefined;
  const zone = TIMEZONE.exec(input)?.[1];
  const timezone = zone && knownZone(zone) ? zone : undefined;
  if (!timezone) return undefined;
  const windows: OpeningWindow[] = [];
  for (const part of input.replace(TIMEZONE, ' ').split(/[,;]/)) {
    const days = DAY_RANGE.exec(part);
    const first = DAYS.indexOf(days?.[1]?.toLowerCase() ?? '');
    const last = days?.[2] ? DAYS.indexOf(days[2].toLowerCase()) : first;
    if (first < 0 || last < 0) continue;
    for (const [, h1, m1, h2, m2] of part.slice(days![0].length).matchAll(TIME_RANGE)) {
      const from = minutes(h1!, m1);
      const to = minutes(h2!, m2);
      if (from === undefined || to === undefined || from === to) continue;
      for (let day = first; ; day = (day + 1) % 7) {
        if (to > from) windows.push({ day, from, to });
        else windows.push({ day, from, to: DAY_MINUTES }, { day: (day + 1) % 7, from: 0, to });
        if (day === last) break;
      }
    }
  }
  return windows.length ? { timezone, windows } : undefined;
};

/** The weekday (0 Sunday) and minutes after midnight of the wall clock in `timezone` at `at`. */
const wallClock = (timezone: string, at: number): [day: number, minute: number] => {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  return [DAYS.indexOf(part('weekday').toLowerCase()), Number(part('hour')) * 60 + Number(part('minute'))];
};

export interface Availability {
  open: boolean;
  /** When it opens next (epoch ms), if it ever does within the week. */
  next?: number;
}

/** Whether someone answers at `now`, and if not, when they next do (in time, whatever the visitor's own timezone). */
export const availability = ({ timezone, windows }: WorkingHours, now: number): Availability => {
  if (!knownZone(timezone)) return { open: true };
  const [day, minute] = wallClock(timezone, now);
  if (windows.some((w) => w.day === day && w.from <= minute && minute < w.to)) return { open: true };
  let wait: number | undefined;
  for (const w of windows) {
    let ahead = ((w.day - day + 7) % 7) * DAY_MINUTES + w.from - minute;
    if (ahead <= 0) ahead += 7 * DAY_MINUTES;
    if (wait === undefined || ahead < wait) wait = ahead;
  }
  if (wait === undefined) return { open: false };
  // Whole minutes from now's minute; then one correction for a daylight-saving change in between.
  let next = now - (now % 60_000) + wait * 60_000;
  const [, landed] = wallClock(timezone, next);
  const target = (minute + wait) % DAY_MINUTES;
  const drift = ((target - landed + DAY_MINUTES + 720) % DAY_MINUTES) - 720;
  if (Math.abs(drift) <= 120) next += drift * 60_000;
  return { open: false, next };
};
