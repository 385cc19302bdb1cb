// The public types of `chatport/testing`: what a QA team's tests see. Self-contained (no relay types leak out), so the
// declarations a consumer reads are these and nothing else. Documented in docs/testing.md.

/** The bot platforms Chatport speaks; the kit runs the built-in stand-in of the one chosen. */
export type Platform = 'uchat' | 'chatwoot';

/** The widget's options as `data-*` attributes on the test page's script tag (README, "Embedding"): `botName` is `data-bot-name`, `prompts` is `data-prompts` joined by `|`. */
export interface WidgetOptions {
  title?: string;
  position?: 'left' | 'right';
  /** A CSS hex colour such as `#0a7f5a`. */
  color?: string;
  /** A BCP 47 language tag; else the page's `<html lang>`. */
  locale?: string;
  theme?: 'light' | 'dark' | 'auto';
  /** Open the panel as soon as the page has loaded. */
  open?: boolean;
  /** An http(s) image for the panel header. */
  avatar?: string;
  /** The name the bot's replies are signed with (UChat; Chatwoot names its agents and bots itself); the title by default. */
  botName?: string;
  /** An http(s) image beside the bot's replies; else `avatar`, else the name's initial. */
  botAvatar?: string;
  /** `markdown`: the bot's text is drawn as Markdown; plain text with links by default. */
  format?: 'plain' | 'markdown';
  /** The welcome's title before the first message (on Chatwoot, else the inbox's name). */
  welcomeTitle?: string;
  /** The line under the welcome's title. */
  welcome?: string;
  /** Up to four suggested first messages (the widget shows the first four); pressing one sends it. None may hold a `|`. */
  prompts?: string[];
  /** When someone answers, e.g. `Mon-Fri 09:00-17:30, Sat 10:00-14:00 Europe/Berlin`; outside them the away note says when. */
  hours?: string;
  /** A greeting beside the closed launcher. */
  greeting?: string;
  /** `on`: a short sound for a reply while the panel is closed or the tab hidden. */
  sound?: 'on' | 'off';
}

/** Options of {@link startChatport} (and of the Playwright fixture, through `test.use({ chatport: {...} })`). */
export interface ChatportOptions {
  /** The platform whose stand-in the relay runs against. Default `'uchat'`. */
  platform?: Platform;
  /** Where the relay keeps messages: a fresh SQLite database in a temporary folder (default), or memory. */
  store?: 'sqlite' | 'memory';
  /** The test page's `<html lang>` and the page object's language (`en`, `de`, `es`, `fr`, `pt`, `ar`). Default `'en'`. */
  locale?: string;
  /**
   * CHATPORT_IDENTITY_SECRET: what identified visitors' hashes are made with. Unset, the kit makes one up, so
   * `pageUrl({ identify })` works anyway; set it when your own page computes the hashes; `false` turns identified
   * visitors off, as a relay without the setting runs.
   */
  identitySecret?: string | false;
  /** How long the bot "thinks" before each answer (the typing indicator shows meanwhile). Default 0; `bot.delay()` changes it per test. */
  replyDelayMs?: number;
  /** Your own page (it must load `<relay url>/embed.js`): the relay allows its origin, and the fixture's `baseURL` points at it. */
  page?: string;
  /** A fixed port for the relay, so your own page can embed from a known address (then run one worker). Default: any free port. */
  relayPort?: number;
  /** Options on the test page's script tag. */
  widget?: WidgetOptions;
  /** Further relay settings, by their environment names (README's settings tables), e.g. `{ UPLOAD_MAX_BYTES: '1048576' }`. */
  env?: Record<string, string>;
}

/** A visitor the test page vouches for; the kit computes `hash` with the identity secret unless one is given. */
export interface TestIdentity {
  id: string;
  name?: string;
  email?: string;
  /** A hash of your own (e.g. a forged one, to see it refused). */
  hash?: string;
}

/** A variant of the built-in test page (see {@link Chatport.pageUrl}). */
export interface TestPageOptions {
  /** `<html lang>`. Default: the `locale` option. */
  lang?: string;
  /** The page's `<title>` and heading. Default `'Chatport test page'`. */
  title?: string;
  /** Options on the script tag, over the `widget` option. */
  widget?: WidgetOptions;
  /** Identify the visitor before the widget loads, as a site's server would render it. */
  identify?: TestIdentity;
  /** Extra HTML in `<head>` (your site's styles, a meta tag). */
  head?: string;
  /** The whole `<body>` instead of the heading and the script tag (your own snippet; load `${relay.url}/embed.js`). */
  body?: string;
  /** A Content-Security-Policy header for the page. */
  csp?: string;
}

/** A button of a reply: a string is a postback whose title is its payload. */
export type ButtonSpec = string | { title: string; payload?: string } | { title: string; url: string };

/** One card of a carousel. */
export interface CardSpec {
  title: string;
  subtitle?: string;
  /** An http(s) image URL. */
  image?: string;
  /** Where the card's picture and title link to (UChat; a Chatwoot card links through a url button instead). */
  url?: string;
  buttons?: ButtonSpec[];
}

/**
 * A file for a media reply: a URL (UChat pushes it as is; Chatwoot needs the bytes, so only a URL on this machine is
 * fetched), a file on disk, or bytes. Left out: the stand-in's own sample picture, tone, clip or PDF.
 */
export type MediaSource = string | { path: string; name?: string; mime?: string } | { data: Uint8Array | string; name: string; mime?: string };

/** A form field (Chatwoot `form`). */
export interface FieldSpec {
  name: string;
  label?: string;
  /** Default `'text'`. */
  type?: 'text' | 'email' | 'textarea' | 'select';
  placeholder?: string;
  required?: boolean;
  /** A pattern the whole value must match, and what to say when it does not. */
  pattern?: string;
  patternError?: string;
  /** For `select`: its options (a string is its own label). */
  options?: (string | { label: string; value: string })[];
}

/** A choice of a select question: a string is its own title and value. */
export type ChoiceSpec = string | { title: string; value: string };

/** An article of a help-centre list (Chatwoot `article`). */
export interface ArticleSpec {
  title: string;
  description?: string;
  url: string;
}

/** One message the bot sends, made with the builders on {@link Bot} (`bot.text(…)`, `bot.carousel(…)`, …); a string is text. */
export type Reply =
  | { kind: 'text'; text: string; buttons?: ButtonSpec[] }
  | { kind: 'carousel'; cards: CardSpec[]; ratio?: 'horizontal' | 'square' }
  | { kind: 'image' | 'audio' | 'video' | 'file'; source?: MediaSource }
  | { kind: 'select'; text: string; options: ChoiceSpec[] }
  | { kind: 'form'; text: string; fields: FieldSpec[]; submitLabel?: string }
  | { kind: 'articles'; text: string; articles: ArticleSpec[] }
  | { kind: 'email'; text: string }
  | { kind: 'csat'; text: string; display?: 'star' | 'emoji' }
  | { kind: 'raw'; message: Record<string, unknown> };

/** A file the visitor sent, as the platform got it. */
export interface ReceivedFile {
  type: 'image' | 'audio' | 'video' | 'file';
  /** Where the platform fetches it (UChat: the relay's file address; Chatwoot: its own storage). */
  url?: string;
  name?: string;
  mime?: string;
  size?: number;
}

/** The visitor's answer to a question (Chatwoot). */
export type ReceivedAnswer =
  | { kind: 'answer'; type: 'select'; title: string; value: string }
  | { kind: 'answer'; type: 'form'; values: Record<string, string> }
  | { kind: 'answer'; type: 'csat'; rating: number; feedback?: string }
  | { kind: 'answer'; type: 'email'; email: string };

/**
 * What the platform got from a visitor, normalised the same way for both platforms. A button press is a `postback`
 * on UChat; Chatwoot has no postbacks on its client API, so there a card button arrives as the visitor's `text` and
 * a choice of options as a `select` answer.
 */
export type Received = (
  | { kind: 'text'; text: string }
  | { kind: 'postback'; title: string; payload: string }
  | { kind: 'attachment'; attachments: ReceivedFile[]; text?: string }
  | ReceivedAnswer
) & {
  /** The platform's conversation: UChat's `sender.id`, Chatwoot's conversation id. Not enumerable: `toEqual` ignores it. */
  readonly conversation: string;
  /** The request exactly as the platform got it. Not enumerable: `toEqual` compares the normalised fields only. */
  readonly raw: unknown;
};

/** A request the stand-in's platform API received, as recorded (UChat: accepted bot_url requests; Chatwoot: every public API call, faulted ones too). */
export interface PlatformRequest {
  method: string;
  path: string;
  body?: unknown;
  /** Chatwoot multipart uploads: the fields, files by name, type and size. */
  parts?: { name: string; value?: string; filename?: string; contentType?: string; size?: number }[];
}

/** What `bot.on(…)` matches: the exact text (trimmed), a pattern, or a test of the normalised message. */
export type Matcher = string | RegExp | ((message: Received) => boolean);

/** A rule made by `bot.on(…)`: its replies are sent in order each time it matches. */
export interface Rule {
  /** Adds a reply (a string is text; `options.buttons` adds buttons to it). Returns the rule, so replies chain. */
  reply(message: Reply | string, options?: { buttons?: ButtonSpec[] }): Rule;
}

/** The platform's bot (UChat) or agent (Chatwoot), scripted per test. Reset between tests. */
export interface Bot {
  /**
   * What to answer a visitor's message, button press or answer. A string matches the text, a postback's title or
   * payload, a choice's title or value, or an email. Later rules win; a rule with no reply keeps the bot silent.
   */
  on(match: Matcher): Rule;
  /** What unmatched messages get: the stand-in's demo bot/agent (default) or nothing. */
  otherwise(behaviour: 'demo' | 'silent'): void;
  /** How long the bot thinks before each answer from now on (the `replyDelayMs` option until reset). */
  delay(ms: number): void;
  /**
   * A message the bot sends on its own, as the platform does it: a signed webhook push (UChat) or callback
   * (Chatwoot) to the relay. Resolves once the relay accepted it; rejects when it refused.
   * `to`: the conversation (a `Received.conversation`); default: the latest one in this test.
   */
  say(message: Reply | string, options?: { to?: string; buttons?: ButtonSpec[] }): Promise<void>;
  /** Everything visitors sent that the platform accepted during this test, in order. Poll it: `expect.poll(() => bot.received())`. */
  received(): Received[];
  /** The platform API requests of this test, raw (see {@link PlatformRequest}). */
  requests(): PlatformRequest[];
  /** The next `n` deliveries to the platform (messages, presses, answers) are refused with `status` (default 1, 503). */
  fail(n?: number, status?: number): void;
  /** The next `n` deliveries are never answered (the relay's request times out). */
  hang(n?: number): void;
  /** The next `n` deliveries lose their connection. */
  drop(n?: number): void;
  /** The platform is unreachable: every request loses its connection, until `up()`. */
  down(): void;
  up(): void;
  /** Chatwoot: the agent starts or stops typing. */
  typing(on: boolean, options?: { to?: string }): Promise<void>;
  /** Chatwoot: the agent resolves the conversation. */
  resolve(options?: { to?: string }): Promise<void>;

  /** Text, with buttons (on Chatwoot: a select question's options). */
  text(text: string, options?: { buttons?: ButtonSpec[] }): Reply;
  /** A carousel of cards (Chatwoot: `cards`). */
  carousel(cards: CardSpec[], options?: { ratio?: 'horizontal' | 'square' }): Reply;
  image(source?: MediaSource): Reply;
  audio(source?: MediaSource): Reply;
  video(source?: MediaSource): Reply;
  file(source?: MediaSource): Reply;
  /** Chatwoot: a question with options (`input_select`). */
  select(text: string, options: ChoiceSpec[]): Reply;
  /** Chatwoot: a form. */
  form(text: string, fields: FieldSpec[], options?: { submitLabel?: string }): Reply;
  /** Chatwoot: help-centre articles. */
  articles(text: string, articles: ArticleSpec[]): Reply;
  /** Chatwoot: a request for the visitor's email (`input_email`). */
  email(text: string): Reply;
  /** Chatwoot: a satisfaction survey (`input_csat`). */
  csat(text: string, options?: { display?: 'star' | 'emoji' }): Reply;
  /**
   * The platform's own message, sent as is: UChat push fields (`{ type: 'image', url }`, `content_type`, …) or
   * Chatwoot message fields (`{ content, content_type, content_attributes }`).
   */
  raw(message: Record<string, unknown>): Reply;
}

/** A running relay with its platform stand-in and test page (see {@link startChatport}). */
export interface Chatport {
  readonly platform: Platform;
  /** The relay's address, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The platform stand-in's address. */
  readonly standInUrl: string;
  /** The built-in test page (a site on its own origin that embeds the widget), or a variant of it. */
  pageUrl(options?: TestPageOptions): string;
  readonly bot: Bot;
  /** Cuts every connection to the relay at once, as a network drop would; the widget reconnects and catches up. */
  dropStreams(): void;
  /** Stops the relay and starts it again on the same address and data (with `store: 'memory'` the data is lost). */
  restart(): Promise<void>;
  /** Back to a clean script: no rules, demo answers, no faults, platform up, nothing received (between tests). */
  reset(): void;
  /** The relay's log lines (JSON), newest last, for a failing test's report. */
  logs(): string[];
  /** Stops everything and removes the temporary data. */
  stop(): Promise<void>;
}
