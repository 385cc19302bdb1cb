import { describe, expect, it } from 'vitest';
import { isSession, isStatus, isTyping, toApiError, toBody, toMessage } from './guards.ts';
import { backoff, newClientId } from './backoff.ts';

const envelope = { id: 'm1', seq: 1, conversationId: 'c1', author: 'bot', createdAt: '2025-01-01T00:00:00.000Z' };
const UNSUPPORTED = { kind: 'unsupported', summary: 'This message cannot be shown here.' };

describe('toMessage', () => {
  it('keeps a valid message and its clientId', () => {
    const m = { ...envelope, author: 'visitor', clientId: 'abcdefgh', body: { kind: 'text', text: 'hi' } };
    expect(toMessage(m)).toEqual(m);
  });

  it('keeps the platform order of a reply written in the same instant as another', () => {
    const m = { ...envelope, order: 0, body: { kind: 'text', text: 'hi' } };
    expect(toMessage(m)).toEqual(m);
  });

  it('keeps the id of the message a newer version replaces', () => {
    const m = { ...envelope, seq: 4, replaces: 'm1', body: { kind: 'deleted' } };
    expect(toMessage(m)).toEqual(m);
  });

  it('rejects broken envelopes', () => {
    for (const bad of [
      null,
      [],
      { ...envelope, seq: 0 },
      { ...envelope, seq: 1.5 },
      { ...envelope, author: 'admin' },
      { ...envelope, id: 1 },
      { ...envelope, clientId: 5 },
      { ...envelope, replaces: 7 },
      { ...envelope, order: '3' },
      { ...envelope, order: -1 },
    ]) {
      expect(toMessage({ body: { kind: 'text', text: 'x' }, ...(bad as object) })).toBeUndefined();
    }
    expect(toMessage(null)).toBeUndefined();
  });

  it('shows what it cannot vouch for as unsupported instead of dropping it', () => {
    expect(toMessage({ ...envelope, body: { kind: 'hologram' } })?.body).toEqual(UNSUPPORTED);
    expect(toMessage({ ...envelope, body: { kind: 'constructor' } })?.body).toEqual(UNSUPPORTED);
    expect(toMessage({ ...envelope })?.body).toEqual(UNSUPPORTED);
  });
});

describe('toBody', () => {
  it('accepts every known kind in its valid shape', () => {
    const bodies = [
      { kind: 'text', text: 'a' },
      {
        kind: 'buttons',
        text: 'a',
        buttons: [
          { type: 'postback', title: 'Yes', payload: 'y' },
          { type: 'url', title: 'Site', url: 'https://x.test/' },
        ],
      },
      { kind: 'carousel', ratio: 'square', items: [{ title: 't', imageUrl: 'https://x.test/a.png', buttons: [] }] },
      { kind: 'image', url: 'https://x.test/a.png', name: 'a.png', size: 10, mime: 'image/png' },
      { kind: 'file', url: 'http://x.test/a.pdf' },
      { kind: 'postback', title: 'Yes', payload: 'y' },
      { kind: 'unsupported', summary: 'a sticker' },
      { kind: 'select', text: 'Pick one', options: [{ title: 'A', value: 'a' }] },
      { kind: 'form', text: 'Details', fields: [{ name: 'n', label: 'Name', type: 'text' }] },
      { kind: 'email', text: 'Your email?' },
      { kind: 'csat', text: 'Rate us', display: 'star' },
      { kind: 'articles', text: 'Read', items: [{ title: 'Help', url: 'https://x.test/help' }] },
      { kind: 'answer', to: 'm1', text: 'A', values: { type: 'select', choices: [{ title: 'A', value: 'a' }] } },
      { kind: 'deleted' },
    ];
    for (const body of bodies) expect(toBody(body)).toBe(body);
  });

  it('checks rich kinds only by kind: their fields are checked where they are drawn', () => {
    expect(toBody({ kind: 'image', url: 'javascript:alert(1)' })).toEqual({ kind: 'image', url: 'javascript:alert(1)' });
    expect(toBody({ kind: 'text', text: 5 })).toEqual(UNSUPPORTED);
    // A text message has something to say (the protocol's minimum), an answer too.
    expect(toBody({ kind: 'text', text: '' })).toEqual(UNSUPPORTED);
    expect(toBody({ kind: 'answer', to: 'm1', text: '', values: { type: 'email', email: 'a@b.test' } })).toEqual(UNSUPPORTED);
    expect(toBody({ kind: 'constructor' })).toEqual(UNSUPPORTED);
    // Questions and article lists are rich: checked with their templates.
    expect(toBody({ kind: 'select', options: 'nope' })).toEqual({ kind: 'select', options: 'nope' });
  });

  it('checks an answer here: the question it answers and its values are read without the templates', () => {
    const values = { type: 'email', email: 'a@b.test' };
    for (const bad of [
      { to: 1, text: 'a', values },
      { to: 'm1', text: null, values },
      { to: 'm1', text: 'a' },
      { to: 'm1', text: 'a', values: [] },
    ]) {
      expect(toBody({ kind: 'answer', ...bad })).toEqual(UNSUPPORTED);
    }
  });
});

describe('small guards', () => {
  it('check sessions, status, typing and error bodies', () => {
    expect(isSession({ token: 't', visitorId: 'v', conversationId: 'c', expiresAt: 'x', resumed: false })).toBe(true);
    expect(isSession({ token: 't', visitorId: 'v', conversationId: 'c', expiresAt: 'x' })).toBe(false);
    expect(isStatus({ deliveredSeq: 3 })).toBe(true);
    expect(isStatus({ deliveredSeq: -1 })).toBe(false);
    expect(isTyping({ on: true })).toBe(true);
    expect(isTyping({ on: 'yes' })).toBe(false);
    expect(toApiError({ error: { code: 'c', message: 'm', issues: [] } })).toEqual({ code: 'c', message: 'm' });
    expect(toApiError({ error: 'boom' })).toBeUndefined();
  });
});

describe('backoff and client ids', () => {
  it('grows exponentially up to the cap, jittered between half and all of it', () => {
    expect([0, 1, 2, 10].map((n) => backoff(n, { base: 100, cap: 1000, random: () => 1 }))).toEqual([100, 200, 400, 1000]);
    expect(backoff(2, { base: 100, cap: 1000, random: () => 0 })).toBe(200);
  });

  it('makes ids the relay accepts, different each time', () => {
    const ids = new Set(Array.from({ length: 50 }, newClientId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });
});
