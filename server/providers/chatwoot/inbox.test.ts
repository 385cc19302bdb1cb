import { describe, expect, it } from 'vitest';
import { PublicInbox } from './client/schemas.ts';
import { openingWindows, toInboxResponse } from './inbox.ts';

const week = (entry: (day: number) => Record<string, unknown>) => [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day_of_week: day, ...entry(day) }));

describe('the Chatwoot inbox for the widget', () => {
  it('turns working hours into opening windows: closed days, whole days, past midnight', () => {
    const hours = week((day) =>
      day === 0
        ? { closed_all_day: true, open_hour: null, open_minutes: null, close_hour: null, close_minutes: null }
        : day === 6
          ? { open_all_day: true }
          : day === 5
            ? { open_hour: 20, open_minutes: 0, close_hour: 2, close_minutes: 30 }
            : { open_hour: 9, open_minutes: 30, close_hour: 17, close_minutes: 0 },
    );
    expect(openingWindows(hours)).toEqual([
      ...[1, 2, 3, 4].map((day) => ({ day, from: 570, to: 1020 })),
      { day: 5, from: 1200, to: 1440 },
      { day: 6, from: 0, to: 150 },
      { day: 6, from: 0, to: 1440 },
    ]);
    expect(
      openingWindows([
        { day_of_week: 9, open_hour: 9, close_hour: 17 },
        { day_of_week: 1, open_hour: 'nine', close_hour: 17 },
        'junk',
        { day_of_week: 2, open_hour: 9, close_hour: 9 },
      ]),
    ).toEqual([]);
  });

  it('answers with the name, the hours only while switched on, and a welcome or greeting only where the server has them', () => {
    const upstream = PublicInbox.parse({
      identifier: 'x',
      name: 'Acme support',
      timezone: 'Europe/Berlin',
      working_hours_enabled: true,
      working_hours: week(() => ({ open_hour: 9, open_minutes: 0, close_hour: 17, close_minutes: 0 })),
      csat_survey_enabled: false,
      greeting_enabled: true,
      identity_validation_enabled: false,
    });
    expect(toInboxResponse(upstream)).toEqual({
      name: 'Acme support',
      hours: { timezone: 'Europe/Berlin', windows: week((day) => ({ day, from: 540, to: 1020 })).map(({ day_of_week: _, ...w }) => w) },
    });
    expect(toInboxResponse({ ...upstream, working_hours_enabled: false })).toEqual({ name: 'Acme support' });
    const fork = PublicInbox.parse({
      name: ' ',
      welcome_title: 'Hi there',
      welcome_tagline: 'We reply fast',
      greeting_enabled: true,
      greeting_message: 'Hello!',
      working_hours: 'junk',
      timezone: 7,
    });
    expect(toInboxResponse(fork)).toEqual({ welcomeTitle: 'Hi there', welcomeTagline: 'We reply fast', greeting: 'Hello!' });
    expect(toInboxResponse(PublicInbox.parse({ greeting_enabled: false, greeting_message: 'Hello!' }))).toEqual({});
  });
});
