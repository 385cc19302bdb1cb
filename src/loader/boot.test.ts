import { afterEach, describe, expect, it, vi } from 'vitest';
import { boot } from './boot.ts';

afterEach(() => {
  document.body.innerHTML = '';
  document.head.innerHTML = '';
  delete (window as unknown as Record<string, unknown>).__chatport;
});

const addScript = (src: string, data: Record<string, string> = {}) => {
  const script = document.createElement('script');
  script.setAttribute('src', src);
  for (const [k, v] of Object.entries(data)) script.setAttribute(`data-${k}`, v);
  // Not executed: happy-dom is not asked to load it.
  script.type = 'text/plain';
  document.head.appendChild(script);
  return script;
};

const fakeWidget = () => {
  const mount = vi.fn(() => () => {});
  const load = vi.fn(async (_url: string) => ({ mount }));
  return { mount, load };
};

describe('boot', () => {
  it('finds its script, mounts one host with an open shadow root and loads the widget next to the script', async () => {
    addScript('https://cdn.test/other.js');
    addScript('https://relay.test/chat/embed.js?v=1', { title: 'Northwind help', open: 'true' });
    const { mount, load } = fakeWidget();
    expect(boot({ widget: 'assets/widget-abc.js', script: null, load })).toBe(true);
    await vi.waitFor(() => expect(mount).toHaveBeenCalled());
    expect(load).toHaveBeenCalledWith('https://relay.test/chat/assets/widget-abc.js');
    const hosts = document.querySelectorAll('[data-chatport-host]');
    expect(hosts).toHaveLength(1);
    const root = hosts[0]?.shadowRoot;
    expect(root?.mode).toBe('open');
    expect(mount).toHaveBeenCalledWith(root, { relayUrl: 'https://relay.test/chat/', title: 'Northwind help', open: true });
  });

  it('prefers the script it was given and defaults to closed without a title', async () => {
    const script = addScript('https://relay.test/embed.js');
    const { mount, load } = fakeWidget();
    boot({ widget: 'assets/w.js', script, load });
    await vi.waitFor(() => expect(mount).toHaveBeenCalled());
    expect(mount.mock.calls[0]).toEqual([expect.anything(), { relayUrl: 'https://relay.test/', open: false }]);
  });

  it('gives one widget when the script is installed twice', async () => {
    const script = addScript('https://relay.test/embed.js');
    const { mount, load } = fakeWidget();
    expect(boot({ widget: 'assets/w.js', script, load })).toBe(true);
    expect(boot({ widget: 'assets/w.js', script, load })).toBe(false);
    await vi.waitFor(() => expect(mount).toHaveBeenCalled());
    expect(document.querySelectorAll('[data-chatport-host]')).toHaveLength(1);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does nothing when it cannot find its script', () => {
    const { load } = fakeWidget();
    expect(boot({ widget: 'assets/w.js', script: null, load })).toBe(false);
    expect(document.querySelector('[data-chatport-host]')).toBeNull();
  });
});
