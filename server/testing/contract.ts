import type { Locator } from '@playwright/test';
import { strings as ar } from '../../src/i18n/ar.ts';
import { convEn, type ConvStrings } from '../../src/i18n/conversation.ts';
import { strings as de } from '../../src/i18n/de.ts';
import { en, type Strings } from '../../src/i18n/en.ts';
import { strings as es } from '../../src/i18n/es.ts';
import { strings as fr } from '../../src/i18n/fr.ts';
import { strings as pt } from '../../src/i18n/pt.ts';
import { richEn, type RichStrings } from '../../src/i18n/rich.ts';

// The selector contract: the roles, accessible names and data-chatport attributes of the widget that tests may rely
// on, in one list. The page object finds everything through it, docs/testing.md shows it (a test keeps the two the
// same), and e2e/contract.spec.ts draws every part and finds each one, so a change to any of them fails a test.

/** The widget's words in one language: its strings, its templates' strings and its conversation's. */
export type Words = Strings & { rich: RichStrings; conv: ConvStrings };

const LOCALES: Record<string, Strings> = { en: en as Strings, de, es, fr, pt, ar };

/** The widget's words for a language tag (`de`, `pt-BR`), English for any other. */
export const wordsFor = (locale = 'en'): Words => {
  const strings: Strings = LOCALES[locale.toLowerCase().split(/[-_]/)[0] ?? 'en'] ?? en;
  return { ...strings, rich: strings.rich ?? richEn, conv: strings.conv ?? convEn };
};

/** An accessible name: as the docs show it, and as a locator matches it. */
export interface Name {
  text: string;
  match: string | RegExp;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fixed = (text: string): Name => ({ text, match: text });
/** A name with a number in it: shown with N, matched with any number in each grammatical form the language uses. */
const number = (make: (n: number) => string): Name => {
  const pattern = (n: number) => {
    const [before = '', after = ''] = make(n).split(String(n));
    return { text: `${before}N${after}`, source: `^${escapeRegExp(before)}\\d+${escapeRegExp(after)}$` };
  };
  const forms = [2, 1, 3, 11, 100].map(pattern);
  const sources = [...new Set(forms.map((form) => form.source))];
  return { text: forms[0]!.text, match: new RegExp(sources.join('|')) };
};
/** A name with a text in it: shown with <name>, matched with any. */
const named = (make: (name: string) => string): Name => {
  const marker = 'zz-name-zz';
  const [before = '', after = ''] = make(marker).split(marker);
  return { text: `${before}<name>${after}`, match: new RegExp(`^${escapeRegExp(before)}.+${escapeRegExp(after)}$`) };
};
/** Any of several names. */
const anyOf = (...given: Name[]): Name => {
  const names = given.filter((name, i) => given.findIndex((other) => other.text === name.text) === i);
  return {
    text: names.map((n) => n.text).join(' / '),
    match: new RegExp(names.map((n) => (typeof n.match === 'string' ? `^${escapeRegExp(n.match)}$` : n.match.source)).join('|')),
  };
};

type Role = Parameters<Locator['getByRole']>[0];

export interface Part {
  /** Found inside this part (the widget's host when unset). */
  within?: string;
  role?: Role;
  /** Its accessible name in a language; unset: any name. */
  name?: (w: Words) => Name;
  /** What the docs say its name is when the name is not the widget's own words (a button's title). */
  nameIs?: string;
  /** Its attribute selector. */
  attribute?: string;
  /** Further attributes on it that tests may read. */
  states?: string;
  what: string;
}

/** Every part of the widget a test may find, in the order the docs list them. */
export const PARTS = {
  host: { attribute: '[data-chatport-host]', what: "The widget's element on the page; its shadow root is open." },
  root: { attribute: '[data-chatport="root"]', states: 'data-open, data-theme, data-position, lang, dir', what: 'Everything the widget draws.' },
  launcher: {
    role: 'button',
    // The loader draws an English launcher until the widget (and its language) has loaded.
    name: (w) => anyOf(fixed(w.openChat), number(w.openUnread), fixed(w.closeChat), fixed(en.openChat)),
    states: 'aria-expanded; data-chatport="launcher" once the widget has loaded',
    what: 'The round button that opens and closes the panel; its name counts unread replies.',
  },
  unread: { within: 'launcher', attribute: '[data-chatport="unread"]', what: 'The unread badge (its text: the count, 99+ above 99).' },
  panel: { role: 'dialog', nameIs: 'the title (default "Chat")', attribute: '[data-chatport="panel"]', what: 'The chat window.' },
  closeButton: { within: 'panel', role: 'button', name: (w) => fixed(w.close), attribute: '[data-chatport="close"]', what: "The panel's close button." },
  connection: {
    within: 'panel',
    role: 'status',
    attribute: '[data-chatport="connection"]',
    states: 'data-state: idle, connecting, online, reconnecting, offline',
    what: 'The connection notice (empty while online).',
  },
  log: { within: 'panel', role: 'log', name: (w) => fixed(w.conversation), what: 'The transcript.' },
  message: {
    within: 'log',
    attribute: '[data-chatport="message"]',
    states: 'data-author: visitor, bot, agent; data-kind; data-status: pending, sent, failed, read; data-cont on the later messages of a group',
    what: 'One message.',
  },
  bubble: { within: 'message', attribute: '[data-chatport="bubble"]', what: "A message's content, without who wrote it or its status." },
  text: {
    within: 'bubble',
    attribute: '[data-chatport="text"]',
    what: "A message's words (plain text, or above its buttons or options), in their own direction (dir auto), whatever the widget's.",
  },
  sender: {
    within: 'message',
    attribute: '[data-chatport="sender"]',
    what: "Above the first reply of a group: its sender's picture (or initial) and name (screen readers hear the name on every message).",
  },
  senderName: {
    within: 'message',
    attribute: '[data-chatport="sender"] > bdi',
    what: "The sender's name alone, isolated: it keeps its own direction (an Arabic name in an English widget).",
  },
  time: {
    within: 'message',
    attribute: '[data-chatport="time"] > [aria-hidden="true"]',
    what: 'When the message was written, as shown beside it ("now", "14:05"); on the last message of a group.',
  },
  fullTime: {
    within: 'message',
    attribute: '[data-chatport="full"]',
    what: 'When the message was written, in full: read by screen readers, shown while the message is hovered or holds the focus.',
  },
  delivery: {
    within: 'message',
    attribute: '[data-chatport="status"]',
    what: "Where a visitor's message stands, in words (Sending…, Sent, Read, Failed); on the last message of a group.",
  },
  retry: { within: 'message', role: 'button', name: (w) => fixed(w.retry), what: 'Sends a failed message again.' },
  day: { within: 'log', attribute: '[data-chatport="day"]', what: 'Above the first message of a day: "Today", "Yesterday" or the date.' },
  typing: { within: 'panel', attribute: '[data-chatport="typing"]', states: 'aria-live polite', what: 'Holds the typing text while the bot or agent types.' },
  dots: {
    within: 'typing',
    attribute: '[data-chatport="dots"]',
    what: 'Three dots in a reply bubble while someone types (hidden from screen readers, still under reduced motion).',
  },
  dot: { within: 'typing', attribute: '[data-chatport="dots"] > i', what: 'One of the three dots: animated, still under reduced motion.' },
  composer: { within: 'panel', role: 'textbox', name: (w) => fixed(w.message), what: 'Where the visitor writes (Enter sends, Shift+Enter is a new line).' },
  send: { within: 'panel', role: 'button', name: (w) => fixed(w.send), attribute: '[data-chatport="send"]', what: 'Sends what the composer holds.' },
  attach: { within: 'panel', role: 'button', name: (w) => fixed(w.attach), what: 'Opens the file chooser.' },
  uploading: { within: 'panel', role: 'progressbar', name: (w) => named(w.rich.uploading), what: 'An upload on its way.' },
  uploadError: { within: 'panel', role: 'alert', attribute: '[data-chatport="uploads"] [role="alert"]', what: 'Why a file was not sent.' },
  welcome: { within: 'log', attribute: '[data-chatport="welcome"]', what: "Before the first message: the welcome's title (a heading), its line and the suggested prompts." },
  prompt: { within: 'welcome', role: 'button', nameIs: "the prompt's text", attribute: '[data-chatport="prompt"]', what: 'A suggested first message; pressing it sends it.' },
  away: { within: 'panel', attribute: '[data-chatport="away"]', what: "Outside working hours: when someone is back, in the visitor's time." },
  greetingRegion: { attribute: '[data-chatport="greeting-region"]', states: 'aria-live polite', what: 'The live region the greeting shows in (there, empty, while none shows).' },
  greeting: {
    within: 'greetingRegion',
    attribute: '[data-chatport="greeting"]',
    what: "Beside the closed launcher (in a polite live region): the site's greeting, or a reply that came while the panel was closed.",
  },
  greetingOpen: {
    within: 'greeting',
    role: 'button',
    nameIs: 'the greeting, or "New message from <name>: " and the reply',
    attribute: '[data-chatport="greeting-open"]',
    what: 'Opens the chat.',
  },
  greetingDismiss: {
    within: 'greeting',
    role: 'button',
    name: (w) => fixed(w.conv.dismiss),
    attribute: '[data-chatport="greeting-dismiss"]',
    what: 'Dismisses the greeting for the rest of the session.',
  },
  action: {
    within: 'log',
    role: 'button',
    nameIs: "the button's title",
    attribute: '[data-chatport="action"]',
    what: "A bot's postback button (a url button is a link named by its title).",
  },
  carousel: { within: 'log', role: 'group', name: (w) => number(w.cards), attribute: '[data-chatport="carousel"]', what: 'Cards side by side (aria-roledescription carousel).' },
  card: { within: 'carousel', role: 'group', name: slideOf, attribute: '[data-chatport="card"]', what: 'One card (aria-roledescription slide).' },
  previous: { within: 'carousel', role: 'button', name: (w) => fixed(w.rich.previous), what: 'Shows the previous card (aria-disabled at the first).' },
  next: { within: 'carousel', role: 'button', name: (w) => fixed(w.rich.next), what: 'Shows the next card (aria-disabled at the last).' },
  image: { within: 'log', role: 'button', name: (w) => fixed(w.rich.viewImage), attribute: '[data-chatport="image"]', what: 'An image; opens the larger view.' },
  lightbox: { role: 'dialog', nameIs: "the image's name", attribute: '[data-chatport="lightbox"]', what: 'The larger view (aria-modal; Escape closes it).' },
  audio: { within: 'log', attribute: '[data-chatport="audio"]', what: 'An audio player.' },
  video: { within: 'log', attribute: '[data-chatport="video"]', what: 'A video player.' },
  file: { within: 'log', role: 'link', name: (w) => named(w.rich.download), attribute: '[data-chatport="file"]', what: 'A file to download.' },
  select: { within: 'log', attribute: '[data-chatport="select"]', states: 'data-answered', what: 'A question with options (Chatwoot).' },
  option: { within: 'select', role: 'button', nameIs: "the option's title", attribute: '[data-chatport="option"]', what: 'One option.' },
  chosen: { within: 'select', attribute: '[data-chatport="chosen"]', what: 'The option chosen, once answered.' },
  form: { within: 'log', attribute: '[data-chatport="form"]', states: 'data-answered', what: 'A form (Chatwoot); its fields are textboxes and comboboxes named by their labels.' },
  submit: {
    within: 'log',
    role: 'button',
    nameIs: 'the form\'s label, "Submit", or "Send" for an email',
    attribute: '[data-chatport="submit"]',
    what: 'Sends a form, rating or email.',
  },
  submitted: { within: 'form', attribute: '[data-chatport="submitted"]', what: 'The values sent, once answered.' },
  csat: { within: 'log', attribute: '[data-chatport="csat"]', states: 'data-answered', what: 'A satisfaction survey (Chatwoot).' },
  rating: { within: 'csat', role: 'radiogroup', name: (w) => fixed(w.rich.rating), what: 'Five stars (role radio); faces are a group of toggle buttons of the same name.' },
  star: { within: 'rating', role: 'radio', name: (w) => rateName(w), what: 'One rating, e.g. "4 of 5, happy".' },
  feedback: { within: 'csat', role: 'textbox', name: (w) => fixed(w.rich.feedback), what: 'The optional comment.' },
  rated: { within: 'csat', role: 'img', attribute: '[data-chatport="rated"]', what: 'The rating given, once answered.' },
  email: { within: 'log', attribute: '[data-chatport="email"]', states: 'data-answered', what: 'A request for an email address (Chatwoot).' },
  emailInput: { within: 'email', role: 'textbox', name: (w) => fixed(w.rich.email), what: 'Where the address goes.' },
  given: { within: 'email', attribute: '[data-chatport="given"]', what: 'The address given, once answered.' },
  articles: { within: 'log', attribute: '[data-chatport="articles"]', what: 'Help-centre articles (Chatwoot); each a link named by its title.' },
  deleted: { within: 'log', attribute: '[data-chatport="deleted"]', what: 'Stands in for a message the agent deleted.' },
  resolved: { within: 'log', attribute: '[data-chatport="resolved"]', what: 'Says the conversation was closed.' },
} satisfies Record<string, Part>;

export type PartName = keyof typeof PARTS;

/** A card's name, "i of N". */
function slideOf(w: Words): Name {
  const [one = '', two = ''] = w.rich.slide(987_654_321, 123_456_789).split('987654321');
  const [middle = '', end = ''] = two.split('123456789');
  return { text: `${one}i${middle}N${end}`, match: new RegExp(`^${escapeRegExp(one)}\\d+${escapeRegExp(middle)}\\d+${escapeRegExp(end)}$`) };
}

/** A rating's name, "N of 5, <level>". */
function rateName(w: Words): Name {
  return anyOf(...w.rich.levels.map((level, i) => fixed(w.rich.rate(i + 1, level))));
}

/** The `chatport:*` events the embed script dispatches on `window`, which tests may listen to. */
export const EVENTS = {
  'chatport:ready': 'The API runs commands; queued calls have run and the launcher is drawn.',
  'chatport:open': 'The panel opened.',
  'chatport:close': 'The panel closed.',
  'chatport:message': 'A bot or agent message arrived (`detail`: the message).',
  'chatport:error': 'A command was refused (`detail.message` says why).',
} as const;

/** Finds a part inside `scope`, the widget's host (which is the `host` part itself), in the given words. */
export const locate = (scope: Locator, name: PartName, words: Words): Locator => {
  if (name === 'host') return scope;
  const spec: Part = PARTS[name];
  const base = spec.within ? locate(scope, spec.within as PartName, words) : scope;
  if (!spec.role) return base.locator(spec.attribute!);
  const accessible = spec.name?.(words).match;
  const byRole = base.getByRole(spec.role, accessible === undefined ? {} : { name: accessible, exact: typeof accessible === 'string' });
  return spec.attribute ? byRole.and(base.locator(spec.attribute)) : byRole;
};

const cell = (value: string | undefined) => (value ? value.replace(/\|/g, '\\|') : '');
const code = (value: string | undefined) => (value ? `\`${value}\`` : '');

/** The contract as the Markdown table in docs/testing.md (English names). */
export const contractTable = (): string => {
  const words = wordsFor('en');
  const rows = Object.entries(PARTS as Record<string, Part>).map(([id, spec]) => {
    const name = spec.name ? `"${spec.name(words).text}"` : (spec.nameIs ?? '');
    const where = spec.within ? `in ${spec.within}` : '';
    const attributes = [code(spec.attribute), spec.states].filter(Boolean).join('; ');
    return `| \`${id}\` | ${code(spec.role)} | ${cell(name)} | ${cell(attributes)} | ${where} | ${cell(spec.what)} |`;
  });
  const events = Object.entries(EVENTS).map(([event, what]) => `| \`${event}\` | ${cell(what)} |`);
  return [
    '| part | role | accessible name (English) | attributes | where | what |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    '| event on `window` | when |',
    '|---|---|',
    ...events,
  ].join('\n');
};
