import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Body, BodyKind } from '../../protocol/index.ts';
import { EAGER, loadRich, MessageBody } from './index.tsx';
import { BAD_URLS, HOSTILE, renderWithActions } from './test-utils.tsx';

// Rich templates come in a lazy chunk; loaded once here, they draw synchronously (lazy.test.tsx covers the wait).
beforeAll(() => loadRich());
afterEach(cleanup);

const draw = (body: Body) => render(<MessageBody body={body} />).container;

describe('MessageBody', () => {
  it('draws text as text, never as HTML', () => {
    const el = draw({ kind: 'text', text: '<img src=x onerror=alert(1)><b>bold</b>' });
    expect(el.querySelector('img, b')).toBeNull();
    expect(el.textContent).toBe('<img src=x onerror=alert(1)><b>bold</b>');
  });

  it('isolates every text from the widget’s direction (dir="auto"): the visitor’s, the bot’s, a choice, a summary', () => {
    for (const body of [
      { kind: 'text', text: 'שלום' },
      { kind: 'postback', title: 'Yes', payload: 'y' },
      { kind: 'unsupported', summary: 'A sticker' },
    ] as Body[]) {
      expect(draw(body).querySelector('p')?.getAttribute('dir'), body.kind).toBe('auto');
      cleanup();
    }
  });

  it('links http(s) URLs inside text, leaving trailing punctuation and other schemes as text', () => {
    const el = draw({ kind: 'text', text: 'See https://example.com/a?b=1. Not javascript:alert(1) or ftp://x.test' });
    const links = el.querySelectorAll('a');
    expect([...links].map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a?b=1']);
    expect(links[0]?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(links[0]?.getAttribute('target')).toBe('_blank');
    expect(el.textContent).toBe('See https://example.com/a?b=1. Not javascript:alert(1) or ftp://x.test');
  });

  it('gives every kind its own template', () => {
    const hooks: Array<[Body, string]> = [
      [{ kind: 'text', text: 'Hi' }, 'text'],
      [{ kind: 'buttons', text: 'Pick', buttons: [] }, 'buttons'],
      [
        {
          kind: 'carousel',
          ratio: 'square',
          items: [
            { title: 'A', buttons: [] },
            { title: 'B', buttons: [] },
          ],
        },
        'carousel',
      ],
      [{ kind: 'carousel', ratio: 'square', items: [{ title: 'A', buttons: [] }] }, 'card'],
      [{ kind: 'image', url: 'https://img.test/a.png' }, 'image'],
      [{ kind: 'audio', url: 'https://media.test/a.mp3' }, 'audio'],
      [{ kind: 'video', url: 'https://media.test/a.mp4' }, 'video'],
      [{ kind: 'file', url: 'https://files.test/a.pdf' }, 'file'],
      [{ kind: 'postback', title: 'Yes', payload: 'y' }, 'postback'],
      [{ kind: 'unsupported', summary: 'A sticker was sent' }, 'text'],
      [{ kind: 'select', text: 'Size?', options: [{ title: 'S', value: 's' }] }, 'select'],
      [{ kind: 'form', text: '', fields: [{ name: 'n', label: 'Name', type: 'text' }] }, 'form'],
      [{ kind: 'email', text: 'Email?' }, 'email'],
      [{ kind: 'csat', text: 'Rate us', display: 'star' }, 'csat'],
      [{ kind: 'articles', text: '', items: [{ title: 'Help', url: 'https://help.test/' }] }, 'articles'],
      [{ kind: 'answer', to: 'm1', text: 'S', values: { type: 'select', choices: [{ title: 'S', value: 's' }] } }, 'text'],
      [{ kind: 'deleted' }, 'deleted'],
    ];
    for (const [body, hook] of hooks) {
      const first = draw(body).firstElementChild;
      const drawn = first?.getAttribute('data-chatport') === 'rich' ? first.firstElementChild : first;
      expect(drawn?.getAttribute('data-chatport'), body.kind).toBe(hook);
      cleanup();
    }
  });

  it('has a template for every kind of the protocol, drawn at once or from the templates’ chunk, never both', async () => {
    // Typed over the protocol's kinds: a new kind does not compile here (nor in the template maps) until it is listed.
    const kinds: Record<BodyKind, true> = {
      text: true,
      buttons: true,
      carousel: true,
      image: true,
      audio: true,
      video: true,
      file: true,
      postback: true,
      select: true,
      form: true,
      email: true,
      csat: true,
      articles: true,
      answer: true,
      deleted: true,
      unsupported: true,
    };
    const { RICH } = await loadRich();
    expect(Object.keys(kinds).filter((kind) => Object.hasOwn(EAGER, kind) === Object.hasOwn(RICH, kind))).toEqual([]);
  });

  it('shows the visitor’s choice by its title, an unsupported message by its summary, anything unknown as a notice', () => {
    expect(draw({ kind: 'postback', title: 'Yes please', payload: 'YES_PAYLOAD' }).textContent).toBe('Yes please');
    expect(draw({ kind: 'unsupported', summary: HOSTILE }).textContent).toBe(HOSTILE);
    expect(document.querySelector('script, img')).toBeNull();
    for (const kind of ['hologram', 'constructor', '__proto__', 'toString']) {
      expect(draw({ kind } as unknown as Body).textContent).toBe('This message cannot be shown here.');
    }
  });

  it('draws the visitor’s answer as their text, and a deleted message as a notice', () => {
    expect(draw({ kind: 'answer', to: 'm1', text: HOSTILE, values: { type: 'email', email: 'a@b.c' } }).textContent).toBe(HOSTILE);
    expect(document.querySelector('script, img')).toBeNull();
    const deleted = draw({ kind: 'deleted' });
    expect(deleted.textContent).toBe('This message was deleted.');
    expect(deleted.querySelector('i')).not.toBeNull();
  });

  it('hands questions their message id, so the answer refers to it', () => {
    const { answer } = renderWithActions(<MessageBody body={{ kind: 'select', text: 'Size?', options: [{ title: 'Small', value: 's' }] }} messageId="q7" />);
    fireEvent.click(screen.getByRole('button', { name: 'Small' }));
    expect(answer).toHaveBeenCalledWith('q7', 'Small', { type: 'select', choices: [{ title: 'Small', value: 's' }] });
  });

  it('shows a malformed or hostile question as the notice, never half drawn', () => {
    const bodies = [
      { kind: 'select', text: 'Size?', options: [] },
      { kind: 'select', text: 'Size?', options: [{ title: 'S', value: 's' }], answer: 'S' },
      { kind: 'form', text: '', fields: [{ name: 'n', label: 'Name', type: 'password' }] },
      { kind: 'csat', text: '', display: 'star', answer: { rating: 9 } },
      { kind: 'email', text: '', answer: { email: 'a@b.c' } },
      { kind: 'articles', text: '', items: [{ title: 'x', url: 'javascript:alert(1)' }] },
    ] as unknown as Body[];
    for (const body of bodies) {
      const el = draw(body);
      expect(el.textContent, JSON.stringify(body)).toBe('This message cannot be shown here.');
      expect(el.querySelector('button, input, a')).toBeNull();
      cleanup();
    }
  });

  it('passes postback presses from nested templates to the provided action', () => {
    const { press } = renderWithActions(<MessageBody body={{ kind: 'buttons', text: 'Pick', buttons: [{ type: 'postback', title: 'Yes', payload: 'Y' }] }} messageId="m3" />);
    fireEvent.click(screen.getByRole('button', { name: 'Yes' }));
    expect(press).toHaveBeenCalledWith('m3', 'Yes', 'Y');
  });

  it('never turns a javascript: or data: URL into a link or a source, whatever the kind', () => {
    for (const url of BAD_URLS) {
      const bodies: Body[] = [
        { kind: 'image', url },
        { kind: 'audio', url },
        { kind: 'video', url },
        { kind: 'file', url, name: 'x' },
        { kind: 'buttons', text: 'Pick', buttons: [{ type: 'url', title: 'Bad', url }] },
        {
          kind: 'carousel',
          ratio: 'horizontal',
          items: [1, 2].map((n) => ({ title: `T${n}`, imageUrl: url, itemUrl: url, buttons: [{ type: 'url' as const, title: 'Go', url }] })),
        },
      ];
      for (const body of bodies) {
        expect(draw(body).querySelector('a, img, audio, video, [href], [src]'), `${body.kind} ${url}`).toBeNull();
        cleanup();
      }
    }
  });
});
