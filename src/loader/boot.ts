import type { MountOptions } from '../widget/main.tsx';

type Mount = (target: ShadowRoot, options: MountOptions) => () => void;

export interface BootOptions {
  /** The widget module's path relative to the script's URL. */
  widget: string;
  /** `document.currentScript` as read while the script first ran (it is null later). */
  script: HTMLScriptElement | null;
  load?: (url: string) => Promise<{ mount: Mount }>;
}

/** Set on the window by the first copy of the script; a second copy does nothing. */
const GUARD = '__chatport';

/**
 * Finds its <script>, derives the relay URL from its src, creates one host element with an open shadow root and
 * mounts the lazily loaded widget into it. Returns false when it did nothing (already installed, no script found).
 */
export const boot = ({ widget, script, load = (url) => import(/* @vite-ignore */ url) }: BootOptions): boolean => {
  const w = window as unknown as Record<string, unknown>;
  if (w[GUARD]) return false;
  const el = script ?? Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]')).find((s) => /\/embed\.js([?#]|$)/.test(s.src));
  if (!el) return false;
  w[GUARD] = true;
  const src = el.src;
  const { title, open } = el.dataset;
  const start = () => {
    const host = document.createElement('div');
    host.setAttribute('data-chatport-host', '');
    document.body.appendChild(host);
    const root = host.attachShadow({ mode: 'open' });
    load(new URL(widget, src).href).then(
      ({ mount }) => mount(root, { relayUrl: new URL('.', src).href, ...(title ? { title } : {}), open: open === '' || open === 'true' }),
      (error: unknown) => console.error('chatport: the widget could not be loaded', error),
    );
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
  return true;
};
