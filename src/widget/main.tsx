import { render } from 'preact';
import type { Message } from '../protocol/index.ts';
import { createChat, type Chat } from '../state/chat.ts';
import { App } from './App.tsx';
import type { WidgetOptions } from './options.ts';
import css from './styles.css?inline';
import conversationCss from './conversation.css?inline';
import uploadCss from './upload.css?inline';
import { adoptStyles, dropStyles } from './styles.ts';

/** Everything the loader passes: the site's choices (data-* attributes, `init`) and its hooks into the JS API. */
export interface MountOptions extends WidgetOptions {
  /** The relay's base URL (where embed.js is served from). */
  relayUrl: string;
  /** Open the panel at once. */
  open?: boolean;
  /** Where the session token is kept; localStorage by default. */
  storage?: Storage;
  /** Each bot or agent reply as it arrives (the JS API's `message` event). */
  onMessage?: (message: Message) => void;
  /** What the JS API reports as its `error` event. */
  onError?: (message: string) => void;
}

/** The cleanup, carrying the chat model the loader's JS API drives. */
export type Mounted = (() => void) & { chat: Chat };

const defaultStorage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    // Blocked (sandboxed frame, privacy settings): chat works, resuming after reload does not.
    return undefined;
  }
};

/**
 * Renders the widget into `target` (normally an open shadow root) and returns its cleanup. Styles go in through a
 * constructable stylesheet, so a strict CSP without 'unsafe-inline' is fine.
 */
export const mount = (target: ShadowRoot | HTMLElement, { relayUrl, open = false, storage = defaultStorage(), onMessage, onError, ...options }: MountOptions): Mounted => {
  const chat = createChat({ relayUrl, storage, onMessage, onError });
  adoptStyles(target, css + conversationCss + uploadCss);

  const container = document.createElement('div');
  container.setAttribute('data-chatport-mount', '');
  target.appendChild(container);
  // A returning visitor reconnects at once (replies may be waiting); a new one is created on first open.
  if (open) chat.setOpen(true);
  else if (chat.resumable()) chat.start();
  render(<App chat={chat} options={options} />, container);

  const cleanup = () => {
    chat.stop();
    render(null, container);
    container.remove();
    dropStyles(target);
  };
  return Object.assign(cleanup, { chat });
};
