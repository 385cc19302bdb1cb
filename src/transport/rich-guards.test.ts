import { describe, expect, it } from 'vitest';
import { isRichBody } from './rich-guards.ts';

describe('isRichBody', () => {
  it('accepts every rich kind in its valid shape', () => {
    const bodies = [
      { kind: 'buttons', text: 'a', buttons: [{ type: 'postback', title: 'Yes', payload: 'y' }, { type: 'url', title: 'Site', url: 'https://x.test/' }] },
      { kind: 'carousel', ratio: 'square', items: [{ title: 't', imageUrl: 'https://x.test/a.png', buttons: [] }] },
      { kind: 'image', url: 'https://x.test/a.png', name: 'a.png', size: 10, mime: 'image/png' },
      { kind: 'audio', url: 'https://x.test/a.wav' },
      { kind: 'video', url: 'https://x.test/a.webm' },
      { kind: 'file', url: 'http://x.test/a.pdf' },
    ];
    for (const body of bodies) expect(isRichBody(body), body.kind).toBe(true);
  });

  it('refuses non-http(s) URLs anywhere and malformed fields', () => {
    expect(isRichBody({ kind: 'image', url: 'javascript:alert(1)' })).toBe(false);
    expect(isRichBody({ kind: 'buttons', text: 'a', buttons: [{ type: 'url', title: 'x', url: 'data:text/html,hi' }] })).toBe(false);
    expect(isRichBody({ kind: 'carousel', ratio: 'square', items: [{ title: 't', itemUrl: 'javascript:x', buttons: [] }] })).toBe(false);
    expect(isRichBody({ kind: 'carousel', ratio: 'square', items: [] })).toBe(false);
    expect(isRichBody({ kind: 'file', url: 'https://x.test/a', size: -1 })).toBe(false);
    expect(isRichBody({ kind: 'text', text: 'not rich' })).toBe(false);
  });
});
