import { signal } from '@preact/signals-core';
import { LOCALE_CODES } from '../../i18n/index.ts';
import type { InboxResponse } from '../../protocol/index.ts';
import type { Chat } from '../../state/chat.ts';
import { endpoint } from '../../transport/api.ts';
import { toInbox } from '../../transport/conversation-guards.ts';
import type { Conversation } from '../extras.ts';
import type { WidgetOptions } from '../options.ts';
import { parseHours } from './hours.ts';

export interface EnvOptions {
  /** The conversation chunk itself, so the first-load components can draw its parts. */
  x: Conversation;
  chat: Chat;
  options: WidgetOptions;
  /** The panel's title: the bot's name when the site gives none. */
  title: string;
  /** The widget's language (`en`, `de`, …). */
  locale: string;
}

/**
 * The locale times are written in: the first of the site's, the page's and the browser's tags that is the widget's
 * language with a region (so `en-GB` keeps its 24-hour clock and `pt-BR` its date order, even on an `en` page), else
 * the first that is the language, else the language itself.
 */
const timeLocale = (locale: string, tags: ReadonlyArray<string | undefined>): string => {
  const ours: string[] = [];
  for (const tag of tags) {
    if (!tag || tag.toLowerCase().split(/[-_]/)[0] !== locale) continue;
    try {
      ours.push(...Intl.getCanonicalLocales(tag.replace('_', '-')));
    } catch {
      // Not a well-formed tag: the next one.
    }
  }
  return ours.find((tag) => tag.includes('-')) ?? ours[0] ?? (LOCALE_CODES.includes(locale) ? locale : 'en');
};

/** What the conversation chunk's parts share, one per mounted widget (two widgets on a page do not mix). */
export const createEnv = ({ x, chat, options, title, locale }: EnvOptions) => {
  /** The time the relative labels are measured from; the clock (Outside.tsx) moves it on while the widget is mounted. */
  const now = signal(Date.now());
  /** The inbox as the relay describes it (welcome, hours); {} once asked and nothing (or nothing usable) came. */
  const inbox = signal<InboxResponse | undefined>(undefined);
  let asked = false;
  return {
    x,
    chat,
    options,
    title,
    locale,
    timeLocale: timeLocale(locale, [options.locale, document.documentElement.lang, ...navigator.languages]),
    now,
    inbox,
    /** The site's own hours, which win over the platform's. */
    siteHours: parseHours(options.hours),
    /** Asks the relay about the inbox once (the first time the panel shows the welcome or could be away). */
    loadInbox: () => {
      if (asked) return;
      asked = true;
      const get = chat.fetch ?? ((...args) => fetch(...args));
      void get(endpoint(chat.relayUrl, 'v1/inbox'), { headers: { accept: 'application/json' }, credentials: 'omit' })
        // Read whatever came back (an error body too), so the request finishes; only an answer that is ok counts.
        .then((res) => res.json().then((json: unknown) => (res.ok ? json : undefined)))
        .then(
          (json: unknown) => (inbox.value = toInbox(json) ?? {}),
          () => (inbox.value = {}),
        );
    },
  };
};

export type Env = ReturnType<typeof createEnv>;
