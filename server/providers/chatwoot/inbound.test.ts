import { describe, expect, it } from 'vitest';
import { toInboundMessages } from './inbound.ts';
import type { ParsedMessage } from './parse.ts';

const part = (id: number, index: number, update: boolean): ParsedMessage => ({
  id,
  part: index,
  externalId: index === 0 ? String(id) : `${id}:${index}`,
  update,
  author: 'agent',
  body: index === 0 ? { kind: 'deleted' } : { kind: 'image', url: `https://files.example/${id}/${index}.png` },
  sourceId: 'v_1',
  conversationId: 3,
  createdAt: '2026-01-01T10:00:00.000Z',
  createdAtMs: Date.parse('2026-01-01T10:00:00.000Z'),
});

describe('toInboundMessages', () => {
  it('passes new messages through as they are', () => {
    const messages = toInboundMessages([part(7, 0, false), part(7, 1, false)]);
    expect(messages.map((m) => m.externalId)).toEqual(['7', '7:1']);
  });

  it('marks every part an update no longer has as deleted, routed like the update', () => {
    const messages = toInboundMessages([part(7, 0, true), part(7, 1, true)], 'v_visitor');
    expect(messages).toHaveLength(16); // the content and up to 15 attachments
    expect(messages.slice(0, 2).map((m) => m.body.kind)).toEqual(['deleted', 'image']);
    expect(messages.slice(2).every((m) => m.body.kind === 'deleted' && m.update === true && m.visitorId === 'v_visitor' && m.contactRef === 'v_1')).toBe(true);
    expect(messages.slice(2).map((m) => m.externalId)).toEqual(Array.from({ length: 14 }, (_, i) => `7:${i + 2}`));
  });
});
