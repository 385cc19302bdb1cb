import { describe, expect, it } from 'vitest';
import { backoffDelay, cableUrl, parseFrame, readBroadcast, roomIdentifier, tokenOf } from './cable-events.ts';

const SOURCE = 'c0ffee00-1111-4222-8333-444455556666';
// The cable's push data (docs/platforms/chatwoot.md#cable): message_type int, created_at unix, conversation without
// id (conversation_id is the display id).
const push = (extra: Record<string, unknown> = {}) => ({
  id: 4479,
  content: 'Hi there',
  account_id: 1,
  inbox_id: 7,
  conversation_id: 42,
  message_type: 1,
  created_at: 1786000000,
  updated_at: '2026-08-18T12:00:00.000Z',
  private: false,
  status: 'sent',
  source_id: null,
  content_type: 'text',
  content_attributes: {},
  sender_type: 'User',
  sender_id: 3,
  external_source_ids: {},
  additional_attributes: {},
  processed_message_content: 'Hi there',
  sentiment: {},
  conversation: { assignee_id: 3, unread_count: 0, last_activity_at: 1786000000, contact_inbox: { source_id: SOURCE } },
  sender: { id: 3, name: 'Jane', available_name: 'Jane', avatar_url: '', type: 'user', availability_status: 'online', thumbnail: '' },
  ...extra,
});
const conversation = (status = 'open') => ({ id: 42, inbox_id: 7, status, contact_inbox: { source_id: SOURCE }, messages: [], meta: {}, account_id: 1 });

describe('cableUrl', () => {
  it('derives ws(s)://host[/prefix]/cable from CHATWOOT_URL and keeps a cable URL as is', () => {
    expect(cableUrl('https://chat.example.com')).toBe('wss://chat.example.com/cable');
    expect(cableUrl('http://127.0.0.1:3000/chatwoot/')).toBe('ws://127.0.0.1:3000/chatwoot/cable');
    expect(cableUrl('wss://chat.example.com/cable')).toBe('wss://chat.example.com/cable');
    expect(() => cableUrl('ftp://chat.example.com')).toThrow(/http/);
  });
});

describe('identifiers and frames', () => {
  it('builds a contact identifier without user_id and reads the token back', () => {
    const identifier = roomIdentifier('tok-1');
    expect(JSON.parse(identifier)).toEqual({ channel: 'RoomChannel', pubsub_token: 'tok-1' });
    expect(tokenOf(identifier)).toBe('tok-1');
    expect(tokenOf('not json')).toBeUndefined();
    expect(tokenOf({ pubsub_token: 'x' })).toBeUndefined();
  });

  it('reads welcome, ping, confirm, reject, disconnect and broadcast frames; anything else is other', () => {
    const identifier = roomIdentifier('tok-1');
    expect(parseFrame('{"type":"welcome"}')).toEqual({ kind: 'welcome' });
    expect(parseFrame('{"type":"ping","message":1786000000}')).toEqual({ kind: 'ping' });
    expect(parseFrame(JSON.stringify({ type: 'confirm_subscription', identifier }))).toEqual({ kind: 'confirm', token: 'tok-1' });
    expect(parseFrame(JSON.stringify({ type: 'reject_subscription', identifier }))).toEqual({ kind: 'reject', token: 'tok-1' });
    expect(parseFrame('{"type":"disconnect","reason":"server_restart","reconnect":true}')).toEqual({ kind: 'disconnect', reason: 'server_restart', reconnect: true });
    expect(parseFrame(JSON.stringify({ identifier, message: { event: 'message.created', data: { id: 1 } } }))).toEqual({
      kind: 'broadcast',
      token: 'tok-1',
      event: 'message.created',
      data: { id: 1 },
    });
    for (const raw of ['nope', '[]', '{"type":"confirm_subscription"}', JSON.stringify({ identifier, message: 'x' })]) expect(parseFrame(raw)).toEqual({ kind: 'other' });
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt up to maxMs, jittered between half and all of it', () => {
    const backoff = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(0, backoff, () => 0)).toBe(50);
    expect(backoffDelay(0, backoff, () => 1)).toBe(100);
    expect(backoffDelay(3, backoff, () => 1)).toBe(800);
    expect(backoffDelay(10, backoff, () => 0.5)).toBe(750);
    expect(backoffDelay(5000, backoff, () => 1)).toBe(1000);
  });
});

describe('readBroadcast', () => {
  it('turns message.created push data into the same ParsedMessage the webhook path gives', () => {
    const result = readBroadcast('message.created', push(), new Map());
    expect(result).toEqual({
      ok: true,
      signals: [],
      messages: [
        {
          sourceId: SOURCE,
          conversationId: 42,
          id: 4479,
          part: 0,
          externalId: '4479',
          update: false,
          author: 'agent',
          sender: { name: 'Jane' },
          body: { kind: 'text', text: 'Hi there', format: 'markdown' },
          createdAt: new Date(1786000000 * 1000).toISOString(),
          createdAtMs: 1786000000 * 1000,
        },
      ],
    });
    const updated = readBroadcast('message.updated', push({ previous_changes: { status: ['sent', 'read'] } }), new Map());
    expect(updated.ok && updated.messages[0]?.update).toBe(true);
  });

  it('drops the contact’s own messages (echo_id) and private ones', () => {
    expect(readBroadcast('message.created', push({ message_type: 0, echo_id: 'e1', sender_type: 'Contact' }), new Map())).toEqual({ ok: true, messages: [], signals: [] });
    expect(readBroadcast('message.created', push({ private: true }), new Map())).toEqual({ ok: true, messages: [], signals: [] });
  });

  it('reports a push it cannot read with a reason', () => {
    expect(readBroadcast('message.created', push({ id: 'x' }), new Map())).toMatchObject({ ok: false, reason: expect.stringContaining('id') });
  });

  it('turns agent typing into signals and ignores private or contact typing', () => {
    const user = { id: 3, name: 'Jane', type: 'user' };
    expect(readBroadcast('conversation.typing_on', { conversation: conversation(), user, is_private: false }, new Map())).toEqual({
      ok: true,
      messages: [],
      signals: [{ sourceId: SOURCE, conversationId: 42, type: 'typing', on: true }],
    });
    expect(readBroadcast('conversation.typing_off', { conversation: conversation(), user, is_private: false }, new Map())).toMatchObject({ signals: [{ on: false }] });
    expect(readBroadcast('conversation.typing_on', { conversation: conversation(), user, is_private: true }, new Map())).toMatchObject({ signals: [] });
    expect(readBroadcast('conversation.typing_on', { conversation: conversation(), user: { id: 5, name: 'Visitor' } }, new Map())).toMatchObject({ signals: [] });
  });

  it('reports status changes; conversation.updated only when the status differs from the last one seen', () => {
    const statuses = new Map<number, string>();
    const status = { sourceId: SOURCE, conversationId: 42, type: 'status' };
    expect(readBroadcast('conversation.status_changed', conversation('resolved'), statuses)).toMatchObject({ signals: [{ ...status, status: 'resolved' }] });
    expect(readBroadcast('conversation.updated', conversation('resolved'), statuses)).toMatchObject({ signals: [] });
    expect(readBroadcast('conversation.updated', conversation('open'), statuses)).toMatchObject({ signals: [{ ...status, status: 'open' }] });
    expect(readBroadcast('conversation.status_changed', conversation('open'), statuses)).toMatchObject({ signals: [{ ...status, status: 'open' }] });
  });

  it('ignores presence and conversation.created', () => {
    expect(readBroadcast('presence.update', { account_id: 1, users: { 3: 'online' } }, new Map())).toEqual({ ok: true, messages: [], signals: [] });
    expect(readBroadcast('conversation.created', conversation(), new Map())).toEqual({ ok: true, messages: [], signals: [] });
  });
});
