import { waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeRelay } from '../state/fake-relay.ts';
import { mount } from './main.tsx';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

const memoryStorage = (data = new Map<string, string>()) =>
  ({ getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) }) as unknown as Storage;

const shadow = () => {
  const host = document.createElement('div');
  document.body.appendChild(host);
  return host.attachShadow({ mode: 'open' });
};

describe('mount', () => {
  it('renders into a shadow root with an adopted stylesheet, and its cleanup removes both', () => {
    const relay = fakeRelay();
    vi.stubGlobal('fetch', relay.fetch);
    const root = shadow();
    const unmount = mount(root, { relayUrl: 'https://relay.test/', storage: memoryStorage() });
    expect(root.querySelector('[data-chatport="launcher"]')?.getAttribute('aria-label')).toBe('Open chat');
    expect(root.adoptedStyleSheets).toHaveLength(1);
    // A first-time visitor costs the relay nothing until the panel is opened.
    expect(relay.fetch).not.toHaveBeenCalled();
    unmount();
    expect(root.querySelector('[data-chatport]')).toBeNull();
    expect(root.adoptedStyleSheets).toHaveLength(0);
  });

  it('opens at once when asked, with the given title, and connects', async () => {
    const relay = fakeRelay();
    vi.stubGlobal('fetch', relay.fetch);
    const root = shadow();
    cleanups.push(mount(root, { relayUrl: 'https://relay.test/', title: 'Help', open: true, storage: memoryStorage() }));
    expect(root.querySelector('[role="dialog"]')?.getAttribute('aria-label')).toBe('Help');
    await waitFor(() => expect(root.querySelector('[data-chatport="connection"]')?.getAttribute('data-state')).toBe('online'));
  });

  it('reconnects a returning visitor at once, and works in a plain element too', async () => {
    const relay = fakeRelay();
    vi.stubGlobal('fetch', relay.fetch);
    const el = document.createElement('div');
    document.body.appendChild(el);
    const storage = memoryStorage(new Map([['chatport:token:https://relay.test', 'old-token']]));
    cleanups.push(mount(el, { relayUrl: 'https://relay.test/', storage }));
    await waitFor(() => expect(relay.streamHeaders).toHaveLength(1));
    expect(el.querySelector('[data-chatport="launcher"]')).not.toBeNull();
    expect(relay.sessions).toEqual([{ token: 'old-token' }]);
  });
});
