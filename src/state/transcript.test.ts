import { describe, expect, it } from 'vitest';
import type { AnswerValues, Body, Message } from '../protocol/index.ts';
import { createTranscript } from './transcript.ts';

const msg = (seq: number, extra: Partial<Message> = {}): Message => ({
  id: `m${seq}`,
  seq,
  conversationId: 'c1',
  author: 'bot',
  createdAt: '2025-01-01T00:00:00.000Z',
  body: { kind: 'text', text: `t${seq}` },
  ...extra,
});
const texts = (t: ReturnType<typeof createTranscript>) => t.items.value.map((i) => (i.body.kind === 'text' ? i.body.text : i.body.kind));

describe('createTranscript', () => {
  it('keeps messages sorted by seq and drops duplicates by id', () => {
    const t = createTranscript();
    expect(t.add([msg(3), msg(1)])).toHaveLength(2);
    expect(t.add([msg(2), msg(3)]).map((m) => m.id)).toEqual(['m2']);
    expect(texts(t)).toEqual(['t1', 't2', 't3']);
    expect([t.firstSeq(), t.lastSeq()]).toEqual([1, 3]);
  });

  it('shows an own message at once as pending, then replaces it by the stored one with the same key', () => {
    const t = createTranscript();
    t.add([msg(1)]);
    t.queue('client-1', { kind: 'text', text: 'hello' }, { kind: 'text', text: 'hello' });
    const pending = t.items.value.at(-1);
    expect(pending).toMatchObject({ key: 'c:client-1', author: 'visitor', status: 'pending', clientId: 'client-1' });
    t.add([msg(2, { author: 'visitor', clientId: 'client-1', body: { kind: 'text', text: 'hello' } })]);
    expect(t.items.value).toHaveLength(2);
    expect(t.items.value[1]).toMatchObject({ key: 'c:client-1', status: 'pending' });
    t.setDelivered(2);
    expect(t.items.value[1]?.status).toBe('sent');
    // Status never goes backwards.
    t.setDelivered(1);
    expect(t.items.value[1]?.status).toBe('sent');
  });

  it('settles a pending message even when the stored copy arrived earlier (duplicate)', () => {
    const t = createTranscript();
    const stored = msg(5, { author: 'visitor', clientId: 'client-2' });
    t.add([stored]);
    t.queue('client-2', { kind: 'text', text: 't5' }, { kind: 'text', text: 't5' });
    t.add([stored]);
    expect(t.items.value.map((i) => i.key)).toEqual(['c:client-2']);
  });

  it('marks a failed message and un-marks it for a retry, keeping its body', () => {
    const t = createTranscript();
    t.queue('client-3', { kind: 'text', text: 'again' }, { kind: 'text', text: 'again' });
    t.setFailed('client-3', true);
    expect(t.items.value[0]?.status).toBe('failed');
    expect(t.outgoingBody('client-3')).toEqual({ kind: 'text', text: 'again' });
    t.setFailed('client-3', false);
    expect(t.items.value[0]?.status).toBe('pending');
  });

  it('merges history pages, delivery state and hasMore', () => {
    const t = createTranscript();
    t.addPage({ messages: [msg(3, { author: 'visitor' }), msg(4)], deliveredSeq: 3, hasMore: true });
    expect(t.hasMore.value).toBe(true);
    expect(t.items.value[0]?.status).toBe('sent');
    t.addPage({ messages: [msg(1), msg(2)], deliveredSeq: 3, hasMore: false });
    expect(texts(t)).toEqual(['t1', 't2', 't3', 't4']);
    expect(t.hasMore.value).toBe(false);
  });

  it('forgets the old conversation on reset but keeps unsent messages', () => {
    const t = createTranscript();
    t.addPage({ messages: [msg(1)], deliveredSeq: 1, hasMore: true });
    t.queue('client-4', { kind: 'text', text: 'keep me' }, { kind: 'text', text: 'keep me' });
    t.reset();
    expect(texts(t)).toEqual(['keep me']);
    expect(t.lastSeq()).toBeUndefined();
    expect(t.hasMore.value).toBe(false);
  });

  it('draws a newer version in place of the original: same position and key, no row of its own', () => {
    const t = createTranscript();
    t.add([msg(1), msg(2), msg(3)]);
    t.add([msg(4, { id: 'v1', replaces: 'm2', body: { kind: 'text', text: 'edited' } })]);
    expect(texts(t)).toEqual(['t1', 'edited', 't3']);
    expect(t.items.value.map((i) => i.key)).toEqual(['m:m1', 'm:m2', 'm:m3']);
    expect(t.items.value[1]?.id).toBe('m2');
    // The newest version wins whatever order they arrive in; the seq of the versions still counts for the stream.
    t.add([msg(6, { id: 'v3', replaces: 'm2', body: { kind: 'deleted' } }), msg(5, { id: 'v2', replaces: 'm2', body: { kind: 'text', text: 'again' } })]);
    expect(texts(t)).toEqual(['t1', 'deleted', 't3']);
    expect(t.lastSeq()).toBe(6);
  });

  it('keeps a version that comes before its original and applies it when the original is loaded', () => {
    const t = createTranscript();
    t.addPage({ messages: [msg(10), msg(11, { id: 'v', replaces: 'm2', body: { kind: 'text', text: 'new' } })], deliveredSeq: 0, hasMore: true });
    expect(texts(t)).toEqual(['t10']);
    t.addPage({ messages: [msg(1), msg(2)], deliveredSeq: 0, hasMore: false });
    expect(texts(t)).toEqual(['t1', 'new', 't10']);
  });

  it('orders each run of replies by the platform time, leaving the visitor messages and the runs where they are', () => {
    const t = createTranscript();
    const at = (s: number) => `2025-01-01T00:00:${String(s).padStart(2, '0')}.000Z`;
    t.add([
      msg(1, { createdAt: at(5) }),
      msg(2, { createdAt: at(3) }),
      msg(3, { createdAt: at(4) }),
      msg(4, { author: 'visitor', createdAt: at(1) }),
      msg(5, { createdAt: at(9) }),
      msg(6, { createdAt: at(9) }),
      msg(7, { createdAt: at(2), author: 'agent' }),
      msg(8, { author: 'visitor', createdAt: at(0) }),
      msg(9, { createdAt: 'not a date' }),
      msg(10, { createdAt: at(1) }),
    ]);
    // Equal or unreadable times keep the seq order.
    expect(texts(t)).toEqual(['t2', 't3', 't1', 't4', 't7', 't5', 't6', 't8', 't9', 't10']);
  });

  it("orders replies written in the same instant by the platform's own number", () => {
    const t = createTranscript();
    const same = '2025-01-01T00:00:05.000Z';
    t.add([msg(1, { createdAt: same, order: 42 }), msg(2, { createdAt: same, order: 41 }), msg(3, { createdAt: same, order: 40 }), msg(4, { createdAt: same })]);
    // Without a number the arrival order stays.
    expect(texts(t)).toEqual(['t3', 't2', 't1', 't4']);
  });

  it('shows a question as answered once the visitor answer to it exists, pending or stored', () => {
    const t = createTranscript();
    t.add([
      msg(1, { body: { kind: 'select', text: 'Pick', options: [{ title: 'A', value: 'a' }] } }),
      msg(2, { body: { kind: 'form', text: 'Fill', fields: [{ name: 'n', label: 'Name', type: 'text' }] } }),
      msg(3, { body: { kind: 'email', text: 'Mail?' } }),
      msg(4, { body: { kind: 'csat', text: 'Rate', display: 'star' } }),
      msg(5, { body: { kind: 'email', text: 'Answered upstream', answer: 'up@x.test' } }),
    ]);
    const answers = {
      m1: { type: 'select', choices: [{ title: 'A', value: 'a' }] },
      m2: { type: 'form', fields: [{ name: 'n', value: 'Ada' }] },
      m3: { type: 'email', email: 'ada@x.test' },
      m4: { type: 'csat', rating: 5, feedback: 'great' },
      m5: { type: 'email', email: 'other@x.test' },
    } satisfies Record<string, AnswerValues>;
    const answer = (to: keyof typeof answers): Extract<Body, { kind: 'answer' }> => ({ kind: 'answer', to, text: 'summary', values: answers[to] });
    t.add([msg(6, { author: 'visitor', body: answer('m1') }), msg(7, { author: 'visitor', body: answer('m5') })]);
    t.queue('c-form', answer('m2'), answer('m2'));
    t.queue('c-mail', answer('m3'), answer('m3'));
    t.queue('c-csat', answer('m4'), answer('m4'));
    const bodies = t.items.value.map((i) => i.body as { answer?: unknown });
    expect(bodies[0]?.answer).toEqual([{ title: 'A', value: 'a' }]);
    expect(bodies[1]?.answer).toEqual([{ name: 'n', value: 'Ada' }]);
    expect(bodies[2]?.answer).toBe('ada@x.test');
    expect(bodies[3]?.answer).toMatchObject({ rating: 5, feedback: 'great' });
    // What the question says itself wins.
    expect(bodies[4]?.answer).toBe('up@x.test');
    // The answers are drawn as the visitor's messages, with their text.
    expect(t.items.value.slice(5).map((i) => [i.author, i.body.kind])).toEqual([
      ['visitor', 'answer'],
      ['visitor', 'answer'],
      ['visitor', 'answer'],
      ['visitor', 'answer'],
      ['visitor', 'answer'],
    ]);
  });

  it('ignores an answer whose values do not fit the question', () => {
    const t = createTranscript();
    t.add([
      msg(1, { body: { kind: 'email', text: 'Mail?' } }),
      msg(2, { author: 'visitor', body: { kind: 'answer', to: 'm1', text: '5 stars', values: { type: 'csat', rating: 5 } } }),
    ]);
    expect(t.items.value[0]?.body).toEqual({ kind: 'email', text: 'Mail?' });
  });

  it('keeps the object of every row that did not change, answered questions included, so the UI redraws only what changed', () => {
    const t = createTranscript();
    t.add([
      msg(1),
      msg(2, { body: { kind: 'email', text: 'Mail?' } }),
      msg(3, { author: 'visitor', body: { kind: 'answer', to: 'm2', text: 'a@b.test', values: { type: 'email', email: 'a@b.test' } } }),
    ]);
    t.queue('client-5', { kind: 'text', text: 'later' }, { kind: 'text', text: 'later' });
    const row = (key: string) => t.items.value.find((i) => i.key === key);
    const [bot, question, answer, pending] = t.items.value;
    expect((question!.body as { answer?: string }).answer).toBe('a@b.test');
    t.add([msg(4)]);
    expect(t.items.value).toHaveLength(5);
    for (const item of [bot, question, answer, pending]) expect(row(item!.key), item!.key).toBe(item);

    // A row whose status, body or stored copy changed is a new object; the others stay.
    t.setDelivered(3);
    expect(row('m:m3')).not.toBe(answer);
    expect(row('m:m3')?.status).toBe('sent');
    expect(row('m:m2')).toBe(question);
    t.setFailed('client-5', true);
    expect(row('c:client-5')).not.toBe(pending);
    expect(row('c:client-5')?.status).toBe('failed');
    t.add([msg(5, { id: 'v1', replaces: 'm1', body: { kind: 'text', text: 'edited' } })]);
    expect(row('m:m1')).not.toBe(bot);
    expect(row('m:m2')).toBe(question);
    t.add([msg(6, { author: 'visitor', clientId: 'client-5', body: { kind: 'text', text: 'later' } })]);
    expect(row('c:client-5')).toMatchObject({ id: 'm6', status: 'pending' });
  });
});
