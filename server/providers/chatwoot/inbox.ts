import { InboxResponse, type OpeningWindow } from '../../../src/protocol/index.ts';
import { cap, isRecord } from '../values.ts';
import type { PublicInbox } from './client/schemas.ts';

const DAY = 1440;

/** A minute of the day from Chatwoot's hour and minutes (nulls and junk: undefined). */
const minute = (hour: unknown, minutes: unknown): number | undefined => {
  const h = typeof hour === 'number' && Number.isInteger(hour) ? hour : undefined;
  const m = minutes === null || minutes === undefined ? 0 : typeof minutes === 'number' && Number.isInteger(minutes) ? minutes : undefined;
  if (h === undefined || m === undefined || h < 0 || h > 24 || m < 0 || m > 59) return undefined;
  return Math.min(DAY, h * 60 + m);
};

/**
 * Chatwoot's working hours (one entry per weekday: closed all day, open all day, or open_hour:open_minutes to
 * close_hour:close_minutes) as opening windows; a closing time at or before the opening runs past midnight.
 */
export const openingWindows = (hours: readonly unknown[]): OpeningWindow[] =>
  hours.filter(isRecord).flatMap((entry): OpeningWindow[] => {
    const day = entry['day_of_week'];
    if (typeof day !== 'number' || !Number.isInteger(day) || day < 0 || day > 6 || entry['closed_all_day'] === true) return [];
    if (entry['open_all_day'] === true) return [{ day, from: 0, to: DAY }];
    const from = minute(entry['open_hour'], entry['open_minutes']);
    const to = minute(entry['close_hour'], entry['close_minutes']);
    if (from === undefined || to === undefined || from === to) return [];
    return to > from
      ? [{ day, from, to }]
      : [
          { day, from, to: DAY },
          { day: (day + 1) % 7, from: 0, to },
        ];
  });

const text = (value: string | null | undefined, max: number): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? cap(trimmed, max) : undefined;
};

/**
 * What the widget shows of an inbox: its name, the welcome and greeting where the server has them, and its working
 * hours only while they are switched on. Always a valid InboxResponse (anything off is left out).
 */
export const toInboxResponse = (inbox: PublicInbox): InboxResponse => {
  const timezone = text(inbox.timezone, 100);
  const answer: InboxResponse = {
    ...(text(inbox.name, 200) ? { name: text(inbox.name, 200) } : {}),
    ...(text(inbox.welcome_title, 500) ? { welcomeTitle: text(inbox.welcome_title, 500) } : {}),
    ...(text(inbox.welcome_tagline, 2000) ? { welcomeTagline: text(inbox.welcome_tagline, 2000) } : {}),
    ...(inbox.greeting_enabled && text(inbox.greeting_message, 5000) ? { greeting: text(inbox.greeting_message, 5000) } : {}),
    ...(inbox.working_hours_enabled && timezone ? { hours: { timezone, windows: openingWindows(inbox.working_hours ?? []).slice(0, 50) } } : {}),
  };
  return InboxResponse.parse(answer);
};
