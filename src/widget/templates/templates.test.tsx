import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Body } from '../../protocol/index.ts';
import { MessageBody } from './index.tsx';

afterEach(cleanup);

const draw = (body: Body) => render(<MessageBody body={body} />).container;

describe('MessageBody', () => {
  it('draws text as text, never as HTML', () => {
    const el = draw({ kind: 'text', text: '<img src=x onerror=alert(1)><b>bold</b>' });
    expect(el.querySelector('img, b')).toBeNull();
    expect(el.textContent).toBe('<img src=x onerror=alert(1)><b>bold</b>');
  });

  it('links http(s) URLs inside text, leaving trailing punctuation and other schemes as text', () => {
    const el = draw({ kind: 'text', text: 'See https://example.com/a?b=1. Not javascript:alert(1) or ftp://x.test' });
    const links = el.querySelectorAll('a');
    expect([...links].map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a?b=1']);
    expect(links[0]?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(links[0]?.getAttribute('target')).toBe('_blank');
    expect(el.textContent).toBe('See https://example.com/a?b=1. Not javascript:alert(1) or ftp://x.test');
  });

  it('draws an attachment as a safe link named by its file', () => {
    const el = draw({ kind: 'file', url: 'https://files.test/report.pdf', name: 'report.pdf' });
    const link = el.querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://files.test/report.pdf');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.textContent).toBe('File: report.pdf');
  });

  it('never turns a javascript: or data: URL into a link', () => {
    for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,hi', ' javascript:x']) {
      const el = draw({ kind: 'image', url });
      expect(el.querySelector('a')).toBeNull();
      expect(el.textContent).toBe(`Image: ${url}`);
    }
    const buttons = draw({ kind: 'buttons', text: 'Pick', buttons: [{ type: 'url', title: 'Bad', url: 'javascript:alert(1)' }] });
    expect(buttons.querySelector('a')).toBeNull();
  });

  it('shows buttons, carousels, postbacks and unsupported messages readably', () => {
    const buttons = draw({ kind: 'buttons', text: 'Pick one', buttons: [{ type: 'postback', title: 'Yes', payload: 'y' }, { type: 'url', title: 'Docs', url: 'https://docs.test/' }] });
    expect(buttons.textContent).toBe('Pick oneYesDocs');
    expect(buttons.querySelector('a')?.getAttribute('href')).toBe('https://docs.test/');
    const carousel = draw({ kind: 'carousel', ratio: 'square', items: [{ title: 'Tent', subtitle: '2 people', itemUrl: 'https://shop.test/tent', buttons: [] }] });
    expect(carousel.textContent).toBe('Tent2 people');
    expect(carousel.querySelector('a')?.getAttribute('href')).toBe('https://shop.test/tent');
    expect(draw({ kind: 'postback', title: 'Yes', payload: 'y' }).textContent).toBe('Yes');
    expect(draw({ kind: 'unsupported', summary: 'A sticker was sent' }).textContent).toBe('A sticker was sent');
    expect(draw({ kind: 'hologram' } as unknown as Body).textContent).toBe('This message cannot be shown here.');
  });
});
