// The site owner's JavaScript API: `window.Chatport(command, ...args)`. Types only (nothing here reaches the bundle);
// self-contained so it can be published as the package's type entry.

/** Options as `data-*` attributes on the script tag, or through `Chatport('init' | 'config', {...})` before it loads. */
export interface ChatportOptions {
  /** The corner the launcher sits in; `right` by default. */
  position?: 'left' | 'right';
  /** The primary colour, a CSS hex colour such as `#0a7f5a`. */
  color?: string;
  /** The panel's title and accessible name. */
  title?: string;
  /** A BCP 47 language tag (`de`, `pt-BR`); else the page's `<html lang>`, else the browser's languages. */
  locale?: string;
  /** `auto` follows the visitor's colour-scheme preference. */
  theme?: 'light' | 'dark' | 'auto';
  /** Open the panel as soon as the page has loaded. */
  open?: boolean;
  /** An http(s) image shown in the panel header. */
  avatar?: string;
  /** The name the bot's replies are signed with (UChat; Chatwoot names its agents and bots itself); the title by default. */
  botName?: string;
  /** An http(s) image beside the bot's replies; else `avatar`, else the name's initial. */
  botAvatar?: string;
  /** `markdown`: the bot's text is drawn as Markdown (bold, italic, code, lists, links); plain text with links by default. */
  format?: 'plain' | 'markdown';
  /** The welcome shown before the first message: its title, and the line under it. */
  welcomeTitle?: string;
  welcome?: string;
  /** Up to four suggested first messages, separated by `|` (`Pricing|Talk to support`); pressing one sends it. */
  prompts?: string;
  /** When someone answers, e.g. `Mon-Fri 09:00-17:30, Sat 10:00-14:00 Europe/Berlin`; outside them an "away" note says when. */
  hours?: string;
  /** A greeting shown beside the closed launcher (as `Chatport('greet', text)`). */
  greeting?: string;
  /** `on`: a short sound when a reply arrives while the panel is closed or the tab hidden (never before the visitor interacted with the page). */
  sound?: 'on' | 'off';
}

/** A visitor the site vouches for. `hash` = hex HMAC-SHA256 of `id` with CHATPORT_IDENTITY_SECRET, computed on the site's server. */
export interface ChatportIdentity {
  id: string;
  name?: string;
  email?: string;
  hash: string;
}

/** Who wrote a bot's or an agent's message, where the platform says. */
export interface ChatportSender {
  name: string;
  avatarUrl?: string;
}

/** A bot or agent message (the `message` event). `body.kind` is text, buttons, carousel, image, audio, video, file, postback or unsupported. */
export interface ChatportMessage {
  id: string;
  /** Increases by one per message of the conversation. */
  seq: number;
  conversationId: string;
  author: 'visitor' | 'bot' | 'agent';
  /** ISO 8601. */
  createdAt: string;
  sender?: ChatportSender;
  body: { kind: string; text?: string; [field: string]: unknown };
}

export interface ChatportError {
  /** What went wrong, e.g. `unknown command "opne"`. */
  message: string;
}

/** Each event's payload, passed to `on` listeners and as the `detail` of the `chatport:<event>` DOM CustomEvent on window. */
export interface ChatportEvents {
  /** The API runs commands directly; queued calls have run and the launcher is drawn. */
  ready: undefined;
  open: undefined;
  close: undefined;
  message: ChatportMessage;
  error: ChatportError;
}

export type ChatportEvent = keyof ChatportEvents;
export type ChatportListener<E extends ChatportEvent> = (payload: ChatportEvents[E]) => void;

/** `window.Chatport`: every command returns nothing and never throws; mistakes are reported through the `error` event. */
export interface Chatport {
  (command: 'init' | 'config', options: ChatportOptions): void;
  (command: 'open' | 'close' | 'toggle' | 'reset' | 'destroy'): void;
  (command: 'send', text: string): void;
  /** Shows `text` beside the closed launcher after `delay` ms, unless the visitor dismissed a greeting this session. */
  (command: 'greet', text: string, options?: { delay?: number }): void;
  /** `mute` (or `mute, true`): no unread count in the tab title, no sound; `mute, false` undoes it. */
  (command: 'mute', on?: boolean): void;
  (command: 'identify', identity: ChatportIdentity): void;
  <E extends ChatportEvent>(command: 'on' | 'off', event: E, listener: ChatportListener<E>): void;
  /** Calls made through the snippet's stub before embed.js ran. */
  q?: ArrayLike<unknown>[];
}

declare global {
  interface Window {
    Chatport?: Chatport;
  }
  interface WindowEventMap {
    'chatport:ready': CustomEvent<undefined>;
    'chatport:open': CustomEvent<undefined>;
    'chatport:close': CustomEvent<undefined>;
    'chatport:message': CustomEvent<ChatportMessage>;
    'chatport:error': CustomEvent<ChatportError>;
  }
}
