import { describe, expect, it } from 'vitest';
import { Body } from '../../../src/protocol/index.ts';
import { attachment, conversationData, messageCreated } from './callbacks.testing.ts';
import { parseCallback, type ParseResult } from './parse.ts';

const SOURCE = conversationData.contact_inbox.source_id;
const parse = (value: unknown): ParseResult => parseCallback(Buffer.from(JSON.stringify(value)));
const messagesOf = (value: unknown) => {
  const result = parse(value);
  if (!result.ok) throw new Error(result.reason);
  return result.messages;
};
const bodiesOf = (value: unknown) => messagesOf(value).map((message) => message.body);

describe('parseCallback: messages', () => {
  it('turns an outgoing agent message into a routed text with id and created_at', () => {
    const result = parse(messageCreated());
    // The conversation says when an agent last looked at it: a read mark for the visitor's messages.
    expect(result).toMatchObject({ ok: true, event: 'message_created', signals: [{ sourceId: SOURCE, conversationId: 42, type: 'seen', at: 1786000000 * 1000 + 999 }] });
    expect(result.ok && result.messages).toEqual([
      {
        sourceId: SOURCE,
        conversationId: 42,
        id: 4479,
        part: 0,
        externalId: '4479',
        update: false,
        author: 'agent',
        sender: { name: 'Jane Agent' },
        body: { kind: 'text', text: 'Hi! How can I help?', format: 'markdown' },
        createdAt: '2026-08-18T12:00:00.000Z',
        createdAtMs: Date.parse('2026-08-18T12:00:00.000Z'),
      },
    ]);
  });

  it('names the agent or bot who wrote it, by display name and an http(s) picture; templates have nobody', () => {
    const sender = (value: unknown) => messagesOf(messageCreated({ sender: value }))[0]?.sender;
    expect(sender({ id: 3, name: 'jane.d', available_name: ' Jane Doe ', thumbnail: 'https://cw.test/jane.png', type: 'user' })).toEqual({
      name: 'Jane Doe',
      avatarUrl: 'https://cw.test/jane.png',
    });
    expect(sender({ id: 9, name: 'Helper', avatar_url: 'https://cw.test/bot.png', type: 'agent_bot' })).toEqual({ name: 'Helper', avatarUrl: 'https://cw.test/bot.png' });
    // No picture rather than a dangerous or empty one; a name too long is cut.
    expect(sender({ id: 3, name: 'Jane', thumbnail: 'javascript:alert(1)', type: 'user' })).toEqual({ name: 'Jane' });
    expect(sender({ id: 3, name: 'Jane', thumbnail: '', type: 'user' })).toEqual({ name: 'Jane' });
    expect(sender({ id: 3, name: 'x'.repeat(500), type: 'user' })?.name).toHaveLength(200);
    expect(sender({ id: 3, name: '  ', type: 'user' })).toBeUndefined();
    expect(messagesOf(messageCreated({ message_type: 'template', sender: null }))[0]).not.toHaveProperty('sender');
  });

  it('shows templates (no sender) and bot messages as the bot', () => {
    expect(messagesOf(messageCreated({ message_type: 'template', sender: null }))[0]?.author).toBe('bot');
    expect(messagesOf(messageCreated({ sender: { id: 1, name: 'Bot', type: 'agent_bot' } }))[0]?.author).toBe('bot');
  });

  it('drops private notes, activity messages and the relay’s own incoming echoes', () => {
    expect(messagesOf(messageCreated({ private: true }))).toEqual([]);
    expect(messagesOf(messageCreated({ message_type: 'activity' }))).toEqual([]);
    expect(messagesOf(messageCreated({ message_type: 'incoming', sender: { id: 5, name: 'Visitor' } }))).toEqual([]);
  });

  it('reads the API/websocket dialect too (integer message_type, unix created_at, conversation_id)', () => {
    const [message] = messagesOf({ event: 'message_created', id: 7, content: 'hey', message_type: 1, created_at: 1786000000, conversation_id: 42, content_type: 'text' });
    expect(message).toMatchObject({ conversationId: 42, createdAt: new Date(1786000000 * 1000).toISOString() });
    expect(messagesOf({ event: 'message_created', id: 8, content: 'mine', message_type: 0, created_at: 1786000000, conversation_id: 42 })).toEqual([]);
  });

  it('marks message_updated as an update of that id', () => {
    const [message] = messagesOf(messageCreated({ event: 'message_updated', content: 'This message was deleted', content_attributes: { deleted: true } }));
    expect(message).toMatchObject({ update: true, id: 4479, externalId: '4479', body: { kind: 'deleted' } });
  });

  it('maps attachments by file_type after the text, with stable part ids', () => {
    const messages = messagesOf(
      messageCreated({
        attachments: [
          attachment('image'),
          attachment('audio'),
          attachment('video'),
          attachment('file'),
          attachment('location', { coordinates_lat: 52.5, coordinates_long: 13.4, fallback_title: 'Office', data_url: null }),
          attachment('ig_reel'),
        ],
      }),
    );
    expect(messages.map((message) => [message.externalId, message.body.kind])).toEqual([
      ['4479', 'text'],
      ['4479:1', 'image'],
      ['4479:2', 'audio'],
      ['4479:3', 'video'],
      ['4479:4', 'file'],
      ['4479:5', 'unsupported'],
      ['4479:6', 'unsupported'],
    ]);
    expect(messages[1]?.body).toEqual({ kind: 'image', url: attachment('image').data_url, name: 'image-1.bin', size: 1234, mime: 'image/png' });
    expect(messages[5]?.body).toEqual({ kind: 'unsupported', summary: 'A location: Office\n52.5, 13.4' });
    for (const message of messages) expect(Body.safeParse(message.body).success).toBe(true);
  });

  it('never turns a javascript: data_url into media', () => {
    expect(bodiesOf(messageCreated({ content: '', attachments: [attachment('image', { data_url: 'javascript:alert(1)' })] }))).toEqual([
      { kind: 'unsupported', summary: 'An image that this chat cannot show (no http(s) URL)' },
    ]);
  });

  it('maps cards to a carousel: link → url button, postback → postback button', () => {
    const cards = {
      items: [
        {
          title: 'Plan A',
          description: 'Small teams',
          media_url: 'https://acme.test/a.png',
          actions: [
            { type: 'link', text: 'Details', uri: 'https://acme.test/a' },
            { type: 'postback', text: 'Choose', payload: 'PLAN_A' },
            { type: 'link', text: 'Bad', uri: 'javascript:alert(1)' },
          ],
        },
      ],
    };
    const bodies = bodiesOf(messageCreated({ content: null, content_type: 'cards', content_attributes: cards }));
    expect(bodies).toEqual([
      {
        kind: 'carousel',
        ratio: 'horizontal',
        items: [
          {
            title: 'Plan A',
            subtitle: 'Small teams',
            imageUrl: 'https://acme.test/a.png',
            buttons: [
              { type: 'url', title: 'Details', url: 'https://acme.test/a' },
              { type: 'postback', title: 'Choose', payload: 'PLAN_A' },
            ],
          },
        ],
      },
    ]);
    expect(Body.safeParse(bodies[0]).success).toBe(true);
  });

  // Every content type (questions, forms, articles, CSAT, deleted, hostile shapes) is covered in content.test.ts.
  it('keeps what the widget cannot draw as a readable summary', () => {
    const [body] = bodiesOf(messageCreated({ content_type: 'integrations', content_attributes: { type: 'dyte' }, content: 'Question?' }));
    expect(body).toEqual({ kind: 'unsupported', summary: 'A video call invitation that this chat cannot show (dyte)\nQuestion?' });
  });
});

describe('parseCallback: typing and status', () => {
  it('turns agent typing on/off into signals and ignores private typing and the visitor’s own', () => {
    const typing = (event: string, extra: Record<string, unknown> = {}) =>
      parse({ event, user: { id: 3, name: 'Jane Agent', email: 'jane@acme.test', type: 'user' }, conversation: conversationData, is_private: false, ...extra });
    expect(typing('conversation_typing_on')).toEqual({
      ok: true,
      event: 'conversation_typing_on',
      messages: [],
      signals: [{ sourceId: SOURCE, conversationId: 42, type: 'typing', on: true }],
    });
    expect(typing('conversation_typing_off')).toMatchObject({ signals: [{ type: 'typing', on: false }] });
    expect(typing('conversation_typing_on', { is_private: true })).toMatchObject({ ok: true, signals: [] });
    expect(typing('conversation_typing_on', { user: { id: 5, name: 'Visitor', email: null } })).toMatchObject({ ok: true, signals: [] });
  });

  it('turns a status change into a status signal', () => {
    const changed = {
      ...conversationData,
      status: 'resolved',
      event: 'conversation_status_changed',
      changed_attributes: [{ status: { previous_value: 'open', current_value: 'resolved' } }],
    };
    const seen = { sourceId: SOURCE, conversationId: 42, type: 'seen', at: 1786000000 * 1000 + 999 };
    expect(parse(changed)).toEqual({
      ok: true,
      event: 'conversation_status_changed',
      messages: [],
      signals: [{ sourceId: SOURCE, conversationId: 42, type: 'status', status: 'resolved' }, seen],
    });
    expect(parse({ ...changed, event: 'conversation_updated' })).toMatchObject({ signals: [{ type: 'status', status: 'resolved' }, seen] });
    // Another attribute changed: only the agent's last look is news (none when no agent ever looked).
    const priority = { ...changed, event: 'conversation_updated', changed_attributes: [{ priority: { previous_value: null, current_value: 'high' } }] };
    expect(parse(priority)).toMatchObject({ signals: [seen] });
    expect(parse({ ...priority, agent_last_seen_at: 0 })).toMatchObject({ signals: [] });
    expect(parse({ ...priority, agent_last_seen_at: 'soon' })).toMatchObject({ signals: [] });
  });

  it('ignores events with nothing for the visitor', () => {
    expect(parse({ ...conversationData, event: 'conversation_created' })).toEqual({ ok: true, event: 'conversation_created', messages: [], signals: [] });
  });
});

describe('parseCallback: bad input', () => {
  it('returns a reason instead of throwing', () => {
    expect(parseCallback('not json')).toEqual({ ok: false, reason: 'body is not valid JSON' });
    expect(parseCallback('[1]')).toMatchObject({ ok: false });
    expect(parse({ id: 1 })).toMatchObject({ ok: false, reason: expect.stringContaining('event') });
    expect(parse(messageCreated({ id: 'x' }))).toMatchObject({ ok: false, reason: expect.stringContaining('id') });
    expect(parse(messageCreated({ created_at: 'yesterday' }))).toMatchObject({ ok: false, reason: expect.stringContaining('created_at') });
    expect(parse(messageCreated({ conversation: null }))).toMatchObject({ ok: false, reason: expect.stringContaining('conversation') });
    const hostile = [
      null,
      1,
      'x',
      [],
      { event: 'message_created', message_type: 'outgoing', id: 1, created_at: 1, conversation_id: 1, content_attributes: [], attachments: 'x', content_type: 'cards' },
    ];
    for (const value of hostile) expect(() => parse(value)).not.toThrow();
  });
});
