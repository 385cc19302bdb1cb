import { describe, expect, it } from 'vitest';
import { Body, MAX_TEXT } from '../../../src/protocol/index.ts';
import { fixture, fixtureNames, fixtureText } from './examples.testing.ts';
import { parsePush, type ParseResult } from './parse.ts';

const messagesOf = (result: ParseResult) => {
  if (!result.ok) throw new Error(`expected a parsed push, got: ${result.reason}`);
  return result.messages;
};
const parse = (push: Record<string, unknown>) => messagesOf(parsePush(JSON.stringify(push)));
const bodyOf = (push: Record<string, unknown>) => {
  const messages = parse(push);
  expect(messages).toHaveLength(1);
  return messages[0]?.body;
};
const base = { sender_id: 'v-1', conv_id: 7, type: 'text', message_type: 'outgoing', private: false };

describe('parsePush: the contract examples', () => {
  const names = fixtureNames('receive-');
  it('covers all seven receive examples', () => {
    expect(names).toHaveLength(7);
  });

  it.each(names)('%s parses to bodies that pass Body.parse, routed to the visitor', (name) => {
    const messages = messagesOf(parsePush(Buffer.from(fixtureText(name))));
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(Body.parse(message.body)).toEqual(message.body);
      expect(message).toMatchObject({ visitorId: 'UNIQUE BOT USER ID', conversationNumber: 123, author: 'bot' });
    }
  });

  it('text', () => {
    expect(bodyOf(fixture('receive-text.json'))).toEqual({ kind: 'text', text: 'TEXT MESSAGE' });
  });

  it('button template', () => {
    expect(bodyOf(fixture('receive-button-template.json'))).toEqual({
      kind: 'buttons',
      text: 'TEXT MESSAGE',
      buttons: [
        { type: 'postback', title: 'BUTTON TITLE 1', payload: 'BUTTON PAYLOAD 1' },
        { type: 'postback', title: 'BUTTON TITLE 2', payload: 'BUTTON PAYLOAD 2' },
      ],
    });
  });

  it('generic template', () => {
    expect(bodyOf(fixture('receive-generic-template.json'))).toEqual({
      kind: 'carousel',
      ratio: 'horizontal',
      items: [1, 2].map((n) => ({
        title: `TITLE ${n}`,
        subtitle: `SUBTITLE ${n}`,
        imageUrl: `https://example.com/card-${n}.png`,
        buttons: [{ type: 'postback', title: `BUTTON TITLE ${n}`, payload: `BUTTON PAYLOAD ${n}` }],
      })),
    });
  });

  it.each(['image', 'audio', 'video', 'file'] as const)('%s', (kind) => {
    expect(bodyOf(fixture(`receive-${kind}.json`))).toEqual({ kind, url: `https://example.com/bot-media.${kind}`, name: `bot-media.${kind}` });
  });
});

describe('parsePush: routing and validation', () => {
  it('accepts a numeric sender_id and a numeric-string conv_id', () => {
    expect(parse({ ...base, sender_id: 42, conv_id: '123', text: 'x' })[0]).toMatchObject({ visitorId: '42', conversationNumber: 123 });
  });

  it('routes with only one of sender_id / conv_id', () => {
    expect(parse({ ...base, sender_id: undefined, text: 'x' })[0]).toEqual({ conversationNumber: 7, author: 'bot', body: { kind: 'text', text: 'x' } });
    expect(parse({ ...base, conv_id: undefined, text: 'x' })[0]).toEqual({ visitorId: 'v-1', author: 'bot', body: { kind: 'text', text: 'x' } });
  });

  it.each([
    ['invalid JSON', '{"sender_id":', /not valid JSON/],
    ['a JSON array', '[1,2]', /JSON object/],
    ['no sender_id or conv_id', JSON.stringify({ text: 'x', type: 'text' }), /sender_id or conv_id/],
    ['a non-numeric conv_id', JSON.stringify({ sender_id: 'v', conv_id: 'abc', text: 'x' }), /conv_id/],
  ])('refuses %s with a reason', (_, raw, reason) => {
    const result = parsePush(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each([true, 1, '1', 'true'])('never shows a private note (private: %j)', (flag) => {
    expect(parse({ ...base, private: flag, text: 'internal note' })).toEqual([]);
  });

  it('does not show the visitor their own message echoed back as incoming', () => {
    expect(parse({ ...base, message_type: 'incoming', text: 'what I typed' })).toEqual([]);
  });

  it('reads PHP-escaped JSON', () => {
    const raw = '{"sender_id":"v-1","conv_id":7,"text":"caf\\u00e9 \\ud83d\\udc4b https:\\/\\/example.com\\/x","type":"text"}';
    expect(messagesOf(parsePush(Buffer.from(raw)))[0]?.body).toEqual({ kind: 'text', text: 'café 👋 https://example.com/x' });
  });
});

describe('parsePush: content that needs care', () => {
  it('truncates huge text to MAX_TEXT instead of refusing it', () => {
    const body = bodyOf({ ...base, text: 'a'.repeat(MAX_TEXT + 500) });
    expect(body).toEqual({ kind: 'text', text: 'a'.repeat(MAX_TEXT) });
    expect(Body.safeParse(body).success).toBe(true);
  });

  it('keeps a URL button and drops untrusted ones from the buttons, showing their titles as text', () => {
    const body = bodyOf({
      ...base,
      content_type: 'button_template',
      content_attributes: {
        text: 'Pick one',
        buttons: [
          { type: 'web_url', title: 'Docs', url: 'https://example.com/docs' },
          { type: 'url', title: 'Evil', url: 'javascript:alert(1)' },
          { type: 'web_url', title: 'Data', url: 'data:text/html,<b>x</b>' },
          { type: 'phone_number', title: 'Call us', payload: '+123' },
          { type: 'postback', title: 'Yes', payload: 'YES' },
        ],
      },
    });
    expect(body).toEqual({
      kind: 'buttons',
      text: 'Pick one\nEvil\nData\nCall us',
      buttons: [
        { type: 'url', title: 'Docs', url: 'https://example.com/docs' },
        { type: 'postback', title: 'Yes', payload: 'YES' },
      ],
    });
    expect(Body.safeParse(body).success).toBe(true);
  });

  it('keeps a button template whose buttons are all untrusted as text', () => {
    const body = bodyOf({ ...base, content_type: 'button_template', content_attributes: { text: 'Hi', buttons: [{ type: 'call', title: 'Call' }] } });
    expect(body).toEqual({ kind: 'text', text: 'Hi\nCall' });
  });

  it('maps card links, square ratio and a recognisable default_action; refuses non-http images', () => {
    const body = bodyOf({
      ...base,
      content_type: 'generic_template',
      content_attributes: {
        ratio: 'square',
        items: [
          {
            title: 'Shoe',
            subtitle: null,
            image_url: 'javascript:alert(1)',
            item_url: 'https://shop.example.com/shoe',
            default_action: { type: 'web_url', url: 'https://shop.example.com/shoe' },
            buttons: [{ type: 'bogus', title: 'Share' }],
          },
          { title: 'Hat', default_action: { type: 'web_url', url: 'data:x' }, buttons: [] },
          'not a card',
        ],
      },
    });
    expect(body).toEqual({
      kind: 'carousel',
      ratio: 'square',
      items: [
        {
          title: 'Shoe',
          subtitle: 'Share',
          itemUrl: 'https://shop.example.com/shoe',
          defaultAction: { type: 'url', title: 'Shoe', url: 'https://shop.example.com/shoe' },
          buttons: [],
        },
        { title: 'Hat', buttons: [] },
      ],
    });
    expect(Body.safeParse(body).success).toBe(true);
  });

  it.each([
    ['an unknown content_type', { ...base, content_type: 'list_template', text: 'Menu' }, 'Menu'],
    ['an unknown type', { ...base, type: 'location', text: 'Here' }, 'Here'],
    ['a carousel without cards', { ...base, content_type: 'generic_template', content_attributes: { items: [] }, text: 'Our picks' }, 'Our picks'],
    ['an image without an http(s) URL', { ...base, type: 'image', url: 'file:///etc/passwd' }, 'image'],
  ])('keeps %s as unsupported with a readable summary', (_, push, mention) => {
    const body = bodyOf(push);
    expect(body?.kind).toBe('unsupported');
    if (body?.kind === 'unsupported') expect(body.summary).toContain(mention);
    expect(Body.safeParse(body).success).toBe(true);
  });

  it('sends a media caption as a text after the media', () => {
    expect(parse({ ...base, type: 'image', url: 'https://cdn.example.com/a%20b.png?x=1', text: 'Look' }).map((m) => m.body)).toEqual([
      { kind: 'image', url: 'https://cdn.example.com/a%20b.png?x=1', name: 'a b.png' },
      { kind: 'text', text: 'Look' },
    ]);
  });

  it('shows nothing for an empty text', () => {
    expect(parse({ ...base, text: '   ' })).toEqual([]);
  });
});
