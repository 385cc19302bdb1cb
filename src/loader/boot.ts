import type { Chat } from '../state/chat.ts';
import type { Mounted, MountOptions } from '../widget/main.tsx';
import type { ChatportEvent } from './api.ts';
import { drawLauncher } from './launcher.ts';

type Mount = (target: ShadowRoot, options: MountOptions) => Mounted;
// biome-ignore lint/suspicious/noExplicitAny: the page's listeners and the chat's methods take their own argument types
type Fn = (...args: any[]) => void;
type Api = Fn & { q?: ArrayLike<unknown>[] };

export interface BootOptions {
  /** The widget module's path relative to the script's URL. */
  widget: string;
  /** `document.currentScript` as read while the script first ran (it is null later). */
  script: HTMLScriptElement | null;
  load?: (url: string) => Promise<{ mount: Mount }>;
  /** Runs `fn` when the page is idle (the widget loads then, unless pressed or opened first). */
  idle?: (fn: () => void) => void;
}

const defaultIdle = (fn: () => void) => ((window as Partial<Window>).requestIdleCallback ? requestIdleCallback(fn, { timeout: 4000 }) : setTimeout(fn, 2000));

/**
 * Finds its <script>, takes over `window.Chatport` (running the calls the snippet's stub queued, in order), creates
 * one host element with an open shadow root and draws the launcher. The widget module loads when the visitor presses
 * it, a command needs it, or the page is idle. Returns false when it did nothing (another
 * copy runs, or no script was found).
 */
export const boot = ({ widget, script, load = (url) => import(/* @vite-ignore */ url), idle = defaultIdle }: BootOptions): boolean => {
  const w = window as unknown as { Chatport?: Api; __chatport?: Api | 1 };
  // A second copy does nothing: the snippet's `||` keeps one stub, whose queue the first copy runs.
  if (w.__chatport || !script) return false;
  // Until the page is parsed, calls wait in the snippet's queue.
  w.__chatport = 1;

  // The relay serves embed.js: its directory is the relay's base URL, the widget's path is relative to it.
  const base = new URL('.', script.src);
  const key = `chatport:token:${base.origin}`;
  const { open, ...data } = script.dataset;
  const opts: Record<string, unknown> = { ...data, open: open === '' || open === 'true', relayUrl: base.href };
  const listeners: Record<string, Set<Fn>> = {};
  const pending: Array<(chat: Chat) => void> = [];
  let host: HTMLElement | undefined;
  let root: ShadowRoot;
  let button: HTMLButtonElement | undefined;
  let mounted: Mounted | undefined;
  let loading = false;

  const emit = (name: ChatportEvent, detail?: unknown) => {
    // Later, so a failing listener breaks neither the others nor the widget (its error is still reported).
    for (const fn of listeners[name] ?? []) setTimeout(fn, 0, detail);
    dispatchEvent(new CustomEvent(`chatport:${name}`, { detail }));
  };
  const fail = (message: string) => {
    console.warn('chatport', message);
    emit('error', { message });
  };
  const start = () => {
    if (loading || !host) return;
    loading = true;
    load(new URL(widget, base).href).then(
      ({ mount }) => {
        if (!host) return;
        // The widget takes over: its own launcher replaces this one, keeping focus where it was.
        const focused = root.activeElement === button;
        button!.remove();
        root.adoptedStyleSheets = [];
        const m = (mounted = mount(root, { ...opts, onMessage: (message) => emit('message', message), onError: fail } as MountOptions));
        let was = false;
        m.chat.open.subscribe((now) => now !== was && emit((was = now) ? 'open' : 'close'));
        if (focused) root.querySelector<HTMLElement>('[data-chatport="launcher"]')?.focus();
        for (const fn of pending.splice(0)) fn(m.chat);
      },
      (error: unknown) => fail(`load: ${error}`),
    );
  };
  /** Runs `fn` with the chat model, loading the widget first when needed. */
  const withChat = (fn: (chat: Chat) => void) => {
    if (mounted) fn(mounted.chat);
    else pending.push(fn), start();
  };
  const setOpen = (value?: boolean) => withChat((chat) => chat.setOpen(value ?? !chat.open.value));
  /** A command the chat model runs as it is (loading the widget first when needed). */
  const pass =
    (name: 'send' | 'greet' | 'mute') =>
    (...args: unknown[]) =>
      withChat((chat) => (chat[name] as Fn)(...args));

  const configure = (options: object) => Object.assign(opts, options);

  const commands: Record<string, Fn> = {
    init: configure,
    config: configure,
    open: () => setOpen(true),
    close: () => (mounted || loading) && setOpen(false),
    toggle: () => setOpen(),
    // Sent as if typed, without touching what the visitor is typing.
    send: pass('send'),
    identify: (identity: { id?: unknown; hash?: unknown }) =>
      identity?.id && identity.hash ? withChat((chat) => chat.identify(identity as Parameters<Chat['identify']>[0])) : fail('identify: no id/hash'),
    on: (event: string, fn: Fn) => {
      (listeners[event] ||= new Set()).add(fn);
      // Ready once the launcher is drawn.
      if (event === 'ready' && button) fn();
    },
    off: (event: string, fn: Fn) => listeners[event]?.delete(fn),
    // Both kept by the chat model: the greeting shows beside the closed launcher, `mute` silences the tab title and sound.
    greet: pass('greet'),
    mute: pass('mute'),
    reset: () => {
      if (mounted) return mounted.chat.reset();
      try {
        localStorage.removeItem(key);
      } catch {
        // Storage blocked: nothing was kept, no returning visitor.
      }
    },
    destroy: () => {
      mounted?.();
      host?.remove();
      // Nothing fires after this: the chat is stopped and a pending load finds no host.
      host = mounted = undefined;
      delete w.Chatport;
      delete w.__chatport;
    },
  };

  const api: Api = (name: string, ...args: unknown[]) => {
    const command = commands[name];
    if (!command) return fail(`unknown command: ${name}`);
    try {
      command(...args);
    } catch (error) {
      fail(`${name}: ${error}`);
    }
  };

  const go = () => {
    const queued = w.Chatport?.q ?? [];
    w.Chatport = w.__chatport = api;
    host = document.createElement('div');
    host.dataset.chatportHost = '';
    document.body.append(host);
    root = host.attachShadow({ mode: 'open' });
    for (const args of queued) api(...(args as unknown[]));
    if (!host) return;
    button = drawLauncher(root, () => setOpen(true), opts.color as string, opts.position as string);
    emit('ready');
    if (opts.open) setOpen(true);
    // At idle time the rest loads (immutable, so once per visitor and release): the visitor's language, a returning
    // visitor's replies and unread count, and an instant panel when pressed.
    else idle(start);
  };
  if (document.body) go();
  else addEventListener('DOMContentLoaded', go);
  return true;
};
