// Times in the visitor's words, through Intl: relative today ("5 min. ago"), the clock before that, full on demand.

/** The calendar day of `at` in the visitor's own timezone. */
export const dayKey = (at: Date): string => `${at.getFullYear()}-${at.getMonth() + 1}-${at.getDate()}`;

const midnight = (at: Date) => new Date(at.getFullYear(), at.getMonth(), at.getDate()).getTime();

const capitalised = (text: string, locale: string) => text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);

/** A message's time as shown beside it: relative for today ("now", "5 min. ago", "2 hr. ago"), else the clock. */
const clock = (at: Date, locale: string) => new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(at);

export const shortTime = (at: Date, now: number, locale: string): string => {
  if (dayKey(at) !== dayKey(new Date(now))) return clock(at, locale);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const minutes = Math.floor((now - at.getTime()) / 60_000);
  // A clock a little ahead of this one still reads as now.
  if (minutes < 1) return relative.format(0, 'second');
  return minutes < 60 ? relative.format(-minutes, 'minute') : relative.format(-Math.floor(minutes / 60), 'hour');
};

/** The whole date and time, for hovering, focusing and screen readers: "Tuesday, 3 June 2025 at 14:05". */
export const fullTime = (at: Date, locale: string): string => new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(at);

/** A day separator: "Today", "Yesterday", else the date (with the year when it is not this one). */
export const dayLabel = (at: Date, now: number, locale: string): string => {
  const days = Math.round((midnight(new Date(now)) - midnight(at)) / 86_400_000);
  if (days === 0 || days === 1) return capitalised(new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-days, 'day'), locale);
  const thisYear = at.getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', ...(!thisYear && { year: 'numeric' }) }).format(at);
};

/** When something reopens, for the away note: "at 14:00" today, else "Monday 09:00". */
export const reopening = (at: number, now: number, locale: string, sameDay: (time: string) => string): string => {
  const when = new Date(at);
  const time = clock(when, locale);
  return dayKey(when) === dayKey(new Date(now)) ? sameDay(time) : `${new Intl.DateTimeFormat(locale, { weekday: 'long' }).format(when)} ${time}`;
};
