import { render } from 'preact';
import { createChat } from '../state/chat.ts';
import { App } from './App.tsx';
import css from './styles.css?inline';
import uploadCss from './upload.css?inline';
import { adoptStyles, dropStyles } from './styles.ts';

export interface MountOptions {
  /** The relay's base URL (where embed.js is served from). */
  relayUrl: string;
  /** The panel's title and accessible name. */
  title?: string;
  /** Open the panel at once. */
  open?: boolean;
  /** Where the session token is kept; localStorage by default. */
  storage?: Storage;
}

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
export const mount = (target: ShadowRoot | HTMLElement, { relayUrl, title = 'Chat', open = false, storage = defaultStorage() }: MountOptions): (() => void) => {
  const chat = createChat({ relayUrl, storage });
  const root = target.getRootNode() as Partial<DocumentOrShadowRoot>;
  adoptStyles(target, css + uploadCss);

  const container = document.createElement('div');
  container.setAttribute('data-chatport-mount', '');
  target.appendChild(container);
  // A returning visitor reconnects at once (replies may be waiting); a new one is created on first open.
  if (open) chat.setOpen(true);
  else if (chat.resumable()) chat.start();
  render(<App chat={chat} title={title} />, container);

  return () => {
    chat.stop();
    render(null, container);
    container.remove();
    dropStyles(target);
  };
};
