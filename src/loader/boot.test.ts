import { signal } from '@preact/signals-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MountOptions } from '../widget/main.tsx';
import type { Chatport } from './api.ts';
import { boot } from './boot.ts';

const w = window as unknown as { Chatport?: Chatport; __chatport?: unknown };

afterEach(() => {
  w.Chatport?.('destroy');
  delete w.Chatport;
  delete w.__chatport;
  document.body.innerHTML = '';
  localStorage.clear();
  vi.restoreAllMocks();
});

/** The documented snippet's stub (README "Embedding and the JavaScript API"). */
const snippet = () => {
  w.Chatport =
    w.Chatport ||
    ((...args: unknown[]) => {
      (w.Chatport!.q = w.Chatport!.q || []).push(args);
    });
};

const script = (data: Record<string, string> = {}) => {
  const el = document.createElement('script');
  el.src = 'https://relay.test/chat/embed.js';
  for (const [k, v] of Object.entries(data)) el.setAttribute(`data-${k}`, v);
  return el;
};

/** A widget module whose mount records its options and hands back a chat model of signals. */
const fakeWidget = () => {
  const log: string[] = [];
  const open = signal(false);
  const composer = signal('draft');
  const chat = {
    open,
    composer,
    setOpen: (v: boolean) => (log.push(`setOpen ${v}`), (open.value = v)),
    send: (text: string) => log.push(`send ${text}`),
    greet: (text: string, o?: { delay: number }) => log.push(`greet ${text} ${o?.delay}`),
    mute: (on?: boolean) => log.push(`mute ${on}`),
    identify: (i: { id: string }) => log.push(`identify ${i.id}`),
    reset: () => log.push('reset'),
  };
  let options: MountOptions | undefined;
  const unmount = vi.fn();
  const mount = vi.fn((root: ShadowRoot, o: MountOptions) => {
    options = o;
    const b = document.createElement('button');
    b.setAttribute('data-chatport', 'launcher');
    root.append(b);
    return Object.assign(unmount, { chat });
  });
  const load = vi.fn(async (_url: string) => ({ mount: mount as never }));
  return { log, chat, load, mount, unmount, options: () => options };
};

const start = (data?: Record<string, string>, widget = fakeWidget(), idle = vi.fn()) => {
  const started = boot({ widget: 'assets/w.js', script: script(data), load: widget.load, idle });
  return { started, widget, idle };
};

const launcher = () => document.querySelector('[data-chatport-host]')?.shadowRoot?.querySelector('button');

describe('boot', () => {
  it('draws the launcher without loading the widget, and loads it next to the script when pressed', async () => {
    const { widget } = start({ title: 'Northwind help', position: 'left', color: '#0a7f5a' });
    const host = document.querySelectorAll('[data-chatport-host]');
    expect(host).toHaveLength(1);
    expect(host[0]?.shadowRoot?.mode).toBe('open');
    expect(host[0]?.shadowRoot?.adoptedStyleSheets).toHaveLength(1);
    const button = launcher()!;
    expect(button.getAttribute('aria-label')).toBe('Open chat');
    expect(button.className).toBe('left');
    expect(widget.load).not.toHaveBeenCalled();

    button.focus();
    button.click();
    await vi.waitFor(() => expect(widget.mount).toHaveBeenCalled());
    expect(widget.load).toHaveBeenCalledWith('https://relay.test/chat/assets/w.js');
    expect(widget.options()).toMatchObject({ relayUrl: 'https://relay.test/chat/', title: 'Northwind help', position: 'left', color: '#0a7f5a', open: false });
    expect(widget.log).toEqual(['setOpen true']);
    // The widget's launcher replaced the loader's, and has the focus the loader's had.
    const root = document.querySelector('[data-chatport-host]')!.shadowRoot!;
    expect(root.querySelectorAll('button')).toHaveLength(1);
    expect(root.activeElement?.getAttribute('data-chatport')).toBe('launcher');
    expect(root.adoptedStyleSheets).toHaveLength(0);
  });

  it('runs queued calls in order once loaded, then replaces the stub so later calls run directly', async () => {
    snippet();
    const events: string[] = [];
    w.Chatport!('on', 'open', () => events.push('open'));
    w.Chatport!('on', 'close', () => events.push('close'));
    w.Chatport!('config', { title: 'Queued' });
    w.Chatport!('open');
    w.Chatport!('send', 'first');
    w.Chatport!('send', 'second');
    const { widget } = start();
    await vi.waitFor(() => expect(widget.log).toHaveLength(3));
    expect(widget.log).toEqual(['setOpen true', 'send first', 'send second']);
    expect(widget.options()?.title).toBe('Queued');
    expect(widget.chat.composer.value).toBe('draft');
    await vi.waitFor(() => expect(events).toEqual(['open']));
    expect(w.Chatport!.q).toBeUndefined();
    w.Chatport!('toggle');
    expect(widget.log.at(-1)).toBe('setOpen false');
    await vi.waitFor(() => expect(events).toEqual(['open', 'close']));
  });

  it('hands greet and mute to the chat model, loading the widget for them', async () => {
    const { widget } = start();
    w.Chatport!('greet', 'Need a hand?', { delay: 500 });
    w.Chatport!('mute');
    await vi.waitFor(() => expect(widget.log).toEqual(['greet Need a hand? 500', 'mute undefined']));
    expect(widget.load).toHaveBeenCalledTimes(1);
    w.Chatport!('mute', false);
    expect(widget.log.at(-1)).toBe('mute false');
  });

  it('gives one widget when the snippet and the script are installed twice', async () => {
    snippet();
    w.Chatport!('open');
    snippet();
    w.Chatport!('send', 'once');
    const first = start();
    const second = start();
    expect(first.started).toBe(true);
    expect(second.started).toBe(false);
    await vi.waitFor(() => expect(first.widget.log).toEqual(['setOpen true', 'send once']));
    expect(document.querySelectorAll('[data-chatport-host]')).toHaveLength(1);
    expect(first.widget.load).toHaveBeenCalledTimes(1);
    expect(second.widget.load).not.toHaveBeenCalled();
  });

  it('reports unknown commands and bad arguments through `error` and console.warn, without throwing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { widget } = start();
    const errors: unknown[] = [];
    const domErrors: unknown[] = [];
    addEventListener('chatport:error', (e) => domErrors.push((e as CustomEvent).detail));
    w.Chatport!('on', 'error', (e) => errors.push(e));
    expect(() => (w.Chatport as unknown as (c: string) => void)('opne')).not.toThrow();
    w.Chatport!('identify', { id: 'u1' } as never);
    await vi.waitFor(() => expect(errors).toHaveLength(2));
    expect(errors).toEqual([{ message: 'unknown command: opne' }, { message: 'identify: no id/hash' }]);
    expect(domErrors).toEqual(errors);
    expect(warn).toHaveBeenCalledWith('chatport', 'unknown command: opne');
    expect(widget.load).not.toHaveBeenCalled();
  });

  it('fires events to listeners and as DOM CustomEvents; off removes a listener; ready reaches late listeners', async () => {
    const { widget } = start();
    const got: unknown[] = [];
    const dom: string[] = [];
    for (const name of ['ready', 'open', 'message']) addEventListener(`chatport:${name}`, (e) => dom.push(`${name}:${JSON.stringify((e as CustomEvent).detail ?? null)}`));
    const onMessage = (m: unknown) => got.push(m);
    w.Chatport!('on', 'ready', () => got.push('ready'));
    w.Chatport!('on', 'message', onMessage);
    w.Chatport!('open');
    await vi.waitFor(() => expect(widget.mount).toHaveBeenCalled());
    const message = { id: 'm1', seq: 1, conversationId: 'c', author: 'bot' as const, createdAt: 'now', body: { kind: 'text' as const, text: 'Hi' } };
    widget.options()?.onMessage?.(message);
    w.Chatport!('off', 'message', onMessage);
    widget.options()?.onMessage?.({ ...message, id: 'm2' });
    await vi.waitFor(() => expect(dom).toHaveLength(3));
    await new Promise((r) => setTimeout(r, 5));
    expect(got).toEqual(['ready', message]);
    expect(dom).toEqual(['open:null', `message:${JSON.stringify(message)}`, `message:${JSON.stringify({ ...message, id: 'm2' })}`]);
  });

  it('loads at idle time, or at once with data-open', async () => {
    for (const token of [undefined, 'tok']) {
      if (token) localStorage.setItem('chatport:token:https://relay.test', token);
      const visitor = start();
      expect(visitor.idle).toHaveBeenCalledTimes(1);
      expect(visitor.widget.load).not.toHaveBeenCalled();
      visitor.idle.mock.calls[0]?.[0]();
      await vi.waitFor(() => expect(visitor.widget.mount).toHaveBeenCalled());
      w.Chatport!('destroy');
    }

    const opened = start({ open: '' });
    await vi.waitFor(() => expect(opened.widget.mount).toHaveBeenCalled());
    expect(opened.widget.options()?.open).toBe(true);
  });

  it('reset forgets the stored visitor before load and asks the widget after; identify goes to the widget', async () => {
    localStorage.setItem('chatport:token:https://relay.test', 'tok');
    const { widget } = start();
    w.Chatport!('reset');
    expect(localStorage.getItem('chatport:token:https://relay.test')).toBeNull();
    w.Chatport!('identify', { id: 'user-1', hash: 'a'.repeat(64) });
    await vi.waitFor(() => expect(widget.log).toEqual(['identify user-1']));
    w.Chatport!('reset');
    expect(widget.log).toEqual(['identify user-1', 'reset']);
  });

  it('destroy unmounts, removes the host and the API, and a later install works again', async () => {
    const { widget } = start();
    w.Chatport!('open');
    await vi.waitFor(() => expect(widget.mount).toHaveBeenCalled());
    w.Chatport!('destroy');
    expect(widget.unmount).toHaveBeenCalledTimes(1);
    expect(document.querySelector('[data-chatport-host]')).toBeNull();
    expect(w.Chatport).toBeUndefined();
    const again = start();
    expect(again.started).toBe(true);
    expect(launcher()?.getAttribute('aria-label')).toBe('Open chat');
  });

  it('does nothing without its script', () => {
    expect(boot({ widget: 'assets/w.js', script: null, load: fakeWidget().load })).toBe(false);
    expect(document.querySelector('[data-chatport-host]')).toBeNull();
  });
});
