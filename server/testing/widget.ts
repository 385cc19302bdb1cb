import type { Locator, Page } from '@playwright/test';
import { locate, PARTS, wordsFor, type PartName, type Words } from './contract.ts';

/** Files for `upload`: paths, or `{ name, mimeType, buffer }` as Playwright's `setInputFiles` takes them. */
export type UploadFiles = string | string[] | { name: string; mimeType: string; buffer: Buffer } | { name: string; mimeType: string; buffer: Buffer }[];

/** The last carousel of the transcript (or the one given), and its controls. */
export interface Carousel {
  readonly locator: Locator;
  /** Its cards (role group, "1 of 3", …). */
  readonly cards: Locator;
  /** A card by position (from 0) or title. */
  card(which: number | string | RegExp): Locator;
  next(): Promise<void>;
  prev(): Promise<void>;
  /** A button or link on a card (the last one by that name). */
  button(name: string | RegExp): Locator;
}

/** The last form of the transcript. */
export interface Form {
  readonly locator: Locator;
  /** A field by its label. */
  field(label: string | RegExp): Locator;
  /** Fills fields by label: text fields are typed into, selects choose the option with that label or value. */
  fill(values: Record<string, string>): Promise<void>;
  submit(): Promise<void>;
}

/** The last satisfaction survey of the transcript. */
export interface Rating {
  readonly locator: Locator;
  /** Chooses 1–5 stars or faces. */
  rate(stars: number): Promise<void>;
  comment(text: string): Promise<void>;
  submit(): Promise<void>;
}

/** The last email question of the transcript. */
export interface EmailQuestion {
  readonly locator: Locator;
  readonly input: Locator;
  /** Types the address and sends it. */
  answer(email: string): Promise<void>;
}

/** The bubble beside the closed launcher: the site's greeting, or a reply that came while the panel was closed. */
export interface Greeting {
  readonly locator: Locator;
  /** The polite live region it shows in (`aria-live`), there even while no greeting shows. */
  readonly region: Locator;
  /** Presses it: the chat opens. */
  open(): Promise<void>;
  /** Dismisses it (a greeting stays away for the rest of the visitor's session). */
  dismiss(): Promise<void>;
}

/**
 * The chat widget on a page, found by the roles, accessible names and `data-chatport` attributes of the selector
 * contract (docs/testing.md). Every query returns an auto-waiting Playwright locator; actions wait as Playwright's do.
 */
export interface Widget {
  readonly page: Page;
  /** The widget's element on the page (its shadow root is open: locators inside it work as anywhere). */
  readonly host: Locator;
  readonly launcher: Locator;
  /** The chat window (role dialog). */
  readonly panel: Locator;
  /** The transcript (role log). */
  readonly log: Locator;
  readonly composer: Locator;
  readonly sendButton: Locator;
  readonly attachButton: Locator;
  /** Opens the panel (when closed) and waits for it. */
  open(): Promise<void>;
  /** Closes the panel (when open) and waits until it is gone. */
  close(): Promise<void>;
  /** Writes `text` and presses Enter, opening the panel first when it is closed. */
  send(text: string): Promise<void>;
  /** Attaches files through the attach button's file chooser. */
  upload(files: UploadFiles): Promise<void>;
  /** The bot's and agents' messages, as their content (bubbles); with `text`, those containing it. */
  replies(text?: string | RegExp): Locator;
  /** The newest reply's content. */
  lastReply(): Locator;
  /** The visitor's messages (rows with `data-status`: pending, sent, failed, and a Retry button when failed); with `text`, those containing it. */
  sent(text?: string | RegExp): Locator;
  /** Every message row (`data-author`, `data-kind`, `data-status`, `data-cont`); with `text`, those containing it. */
  messages(text?: string | RegExp): Locator;
  /** Above a reply that starts a group (`message`: a row from `messages()` or `sent()`): its sender's picture or initial, and name. */
  sender(message: Locator): Locator;
  /** The name alone in `message`'s sender, isolated in its own direction. */
  senderName(message: Locator): Locator;
  /** The words of `message` (a row, or a bubble from `replies()`), in their own direction whatever the widget's. */
  text(message: Locator): Locator;
  /** When `message` (a row) was written, as shown beside it ("now", "14:05"); hidden on a group's earlier messages. */
  time(message: Locator): Locator;
  /** When `message` (a row) was written, in full; visible while it is hovered or holds the focus. */
  fullTime(message: Locator): Locator;
  /** Where the visitor's `message` (a row from `sent()`) stands, in words ("Sent", "Read"); hidden on a group's earlier messages. */
  delivery(message: Locator): Locator;
  /** The day lines of the transcript ("Today", "Yesterday", a date). */
  days(): Locator;
  /** The welcome before the first message: its title is a heading; absent once the conversation has begun. */
  welcome(): Locator;
  /** A suggested prompt of the welcome, by its text; pressing it sends it. */
  prompt(text: string | RegExp): Locator;
  /** The away note outside working hours; absent while someone answers. */
  away(): Locator;
  /** The bubble beside the closed launcher. */
  greeting(): Greeting;
  /** The newest button in the transcript with this name (a bot's button, a card's, an option). */
  button(name: string | RegExp): Locator;
  /** The newest link in the transcript with this name. */
  link(name: string | RegExp): Locator;
  carousel(): Carousel;
  /** Presses the option `title` of the newest select question. */
  select(title: string | RegExp): Promise<void>;
  form(): Form;
  rating(): Rating;
  email(): EmailQuestion;
  /** The typing indicator while someone types; hidden otherwise. */
  typing(): Locator;
  /** The launcher's unread badge (text: the count); absent when nothing is unread. */
  unread(): Locator;
  /** The connection notice: `data-state` idle, connecting, online, reconnecting or offline. */
  connection(): Locator;
  /** Any part of the selector contract by name. */
  part(name: PartName): Locator;
  /** The widget's words in its language. */
  readonly words: Words;
}

/** Exact text for a string, the pattern as given. */
const exactly = (name: string | RegExp) => (typeof name === 'string' ? { name, exact: true } : { name });

/**
 * The page object for the widget on `page`, in the widget's language (`locale`, the page's language; English by
 * default). The Playwright fixture `widget` is `createWidget(page, { locale })`; call it for a second page or tab.
 */
export const createWidget = (page: Page, { locale = 'en' }: { locale?: string } = {}): Widget => {
  const words = wordsFor(locale);
  const host = page.locator(PARTS.host.attribute);
  const part = (name: PartName) => locate(host, name, words);
  const panel = part('panel');
  const log = part('log');
  const composer = part('composer');
  const launcher = part('launcher');
  const filtered = (locator: Locator, text: string | RegExp | undefined) => (text === undefined ? locator : locator.filter({ hasText: text }));
  const messages = (text?: string | RegExp) => filtered(part('message'), text);
  /** A part inside one message row. */
  const inMessage = (message: Locator, name: 'sender' | 'senderName' | 'text' | 'time' | 'fullTime' | 'delivery') => message.locator(PARTS[name].attribute);
  const byAuthor = (authors: string) => part('message').and(host.locator(authors));
  const replies = (text?: string | RegExp) => filtered(byAuthor('[data-author="bot"], [data-author="agent"]').locator(PARTS.bubble.attribute), text);
  const isOpen = () => panel.isVisible();

  const open = async () => {
    if (await isOpen()) return;
    await launcher.click();
    await panel.waitFor({ state: 'visible' });
  };

  const carousel = (): Carousel => {
    const locator = part('carousel').last();
    const cards = locator.locator(PARTS.card.attribute);
    return {
      locator,
      cards,
      card: (which) => (typeof which === 'number' ? cards.nth(which) : cards.filter({ hasText: which })),
      next: () => locator.getByRole('button', { name: words.rich.next, exact: true }).click(),
      prev: () => locator.getByRole('button', { name: words.rich.previous, exact: true }).click(),
      button: (name) =>
        locator
          .getByRole('button', exactly(name))
          .or(locator.getByRole('link', exactly(name)))
          .last(),
    };
  };

  const form = (): Form => {
    const locator = part('form').last();
    const field = (label: string | RegExp) => locator.getByLabel(label);
    return {
      locator,
      field,
      async fill(values) {
        for (const [label, value] of Object.entries(values)) {
          const control = field(label);
          const tag = await control.evaluate((el) => el.localName);
          if (tag === 'select') await control.selectOption(value);
          else await control.fill(value);
        }
      },
      submit: () => locator.locator(PARTS.submit.attribute).click(),
    };
  };

  const rating = (): Rating => {
    const locator = part('csat').last();
    return {
      locator,
      async rate(stars) {
        if (!Number.isInteger(stars) || stars < 1 || stars > 5) throw new Error(`rating().rate(stars): 1 to 5, got ${stars}`);
        const name = words.rich.rate(stars, words.rich.levels[stars - 1] ?? '');
        await locator
          .getByRole('radio', { name, exact: true })
          .or(locator.getByRole('button', { name, exact: true }))
          .click();
      },
      comment: (text) => locator.getByRole('textbox', { name: words.rich.feedback, exact: true }).fill(text),
      submit: () => locator.locator(PARTS.submit.attribute).click(),
    };
  };

  const email = (): EmailQuestion => {
    const locator = part('email').last();
    const input = locator.getByRole('textbox', { name: words.rich.email, exact: true });
    return {
      locator,
      input,
      async answer(address) {
        await input.fill(address);
        await locator.locator(PARTS.submit.attribute).click();
      },
    };
  };

  return {
    page,
    host,
    launcher,
    panel,
    log,
    composer,
    sendButton: part('send'),
    attachButton: part('attach'),
    words,
    open,
    async close() {
      if (!(await isOpen())) return;
      await part('closeButton').click();
      await panel.waitFor({ state: 'hidden' });
    },
    async send(text) {
      await open();
      await composer.fill(text);
      await composer.press('Enter');
    },
    async upload(files) {
      await open();
      const chooser = page.waitForEvent('filechooser');
      await part('attach').click();
      await (await chooser).setFiles(files);
    },
    replies,
    lastReply: () => replies().last(),
    sent: (text) => filtered(byAuthor('[data-author="visitor"]'), text),
    messages,
    sender: (message) => inMessage(message, 'sender'),
    senderName: (message) => inMessage(message, 'senderName'),
    text: (message) => inMessage(message, 'text'),
    time: (message) => inMessage(message, 'time'),
    fullTime: (message) => inMessage(message, 'fullTime'),
    delivery: (message) => inMessage(message, 'delivery'),
    days: () => part('day'),
    welcome: () => part('welcome'),
    prompt: (text) => part('welcome').getByRole('button', exactly(text)),
    away: () => part('away'),
    greeting() {
      const locator = part('greeting');
      return {
        locator,
        region: part('greetingRegion'),
        open: async () => {
          await part('greetingOpen').click();
          await panel.waitFor({ state: 'visible' });
        },
        dismiss: () => part('greetingDismiss').click(),
      };
    },
    button: (name) => log.getByRole('button', exactly(name)).last(),
    link: (name) => log.getByRole('link', exactly(name)).last(),
    carousel,
    async select(title) {
      await part('select').last().getByRole('button', exactly(title)).click();
    },
    form,
    rating,
    email,
    typing: () => part('typing').filter({ hasText: /\S/ }),
    unread: () => part('unread'),
    connection: () => part('connection'),
    part,
  };
};
