import { describe, expect, it } from 'vitest';
import type { Message } from '../protocol/index.ts';
import { createTranscript } from './transcript.ts';

const msg = (seq: number, extra: Partial<Message> = {}): Message => ({ id: `m${seq}`, seq, conversationId: 'c1', author: 'bot', createdAt: '2025-01-01T00:00:00.000Z', body: { kind: 'text', text: `t${seq}` }, ...extra });
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
});
