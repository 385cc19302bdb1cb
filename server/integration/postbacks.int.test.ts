import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiError, Body, Message, SendResponse } from '../../src/protocol/index.ts';
import type { InboundMessage } from '../providers/types.ts';
import { startHarness, type Harness } from './harness.testing.ts';
import { openStream } from './sse-client.testing.ts';

const MENU: Body = {
  kind: 'buttons',
  text: 'How can I help?',
  buttons: [
    { type: 'postback', title: 'Request a refund', payload: 'REFUND_REQUESTED' },
    { type: 'postback', title: 'Talk to a person', payload: 'HUMAN' },
    { type: 'url', title: 'Refund policy', url: 'https://shop.example.test/refunds' },
  ],
};
const CARDS: Body = {
  kind: 'carousel',
  ratio: 'square',
  items: [
    { title: 'Tent', defaultAction: { type: 'postback', title: 'Tent', payload: 'SHOW_TENT' }, buttons: [{ type: 'url', title: 'Specs', url: 'https://shop.example.test/tent' }] },
    { title: 'Stove', buttons: [{ type: 'postback', title: 'Buy', payload: 'BUY_STOVE' }] },
  ],
};
const APPROVAL: Body = { kind: 'buttons', text: 'Approve the refund?', buttons: [{ type: 'postback', title: 'Approve', payload: 'REFUND_APPROVED' }] };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('POST /v1/messages: a postback must name a button the bot sent', () => {
  let h: Harness;
  let token: string;
  let conversationId: string;
  let visitorId: string;
  let ids: Record<'menu' | 'cards' | 'elsewhere', string>;
  afterEach(async () => h?.close());

  const context = () => h.started.relay.context;
  const bot = (visitorId: string, body: Body, extra: Partial<InboundMessage> = {}): InboundMessage => ({ visitorId, author: 'bot', body, ...extra });
  const stored = (id = conversationId) => context().store.listMessages(id, { after: 0, limit: 1000 });
  const press = (to: string, title: string, payload: string, as = token) =>
    h.api<SendResponse & ApiError>('/v1/messages', {
      method: 'POST',
      token: as,
      body: { clientId: `press-${Math.random().toString(36).slice(2, 12)}`, body: { kind: 'postback', to, title, payload } },
    });

  beforeEach(async () => {
    h = await startHarness();
    const visitor = await h.session();
    const other = await h.session();
    token = visitor.token;
    conversationId = visitor.conversationId;
    visitorId = visitor.visitorId;
    await context().inbound.apply([bot(visitor.visitorId, MENU, { externalId: 'menu' }), bot(visitor.visitorId, CARDS), bot(other.visitorId, APPROVAL)]);
    const [menu, cards] = await stored();
    const [elsewhere] = await stored(other.conversationId);
    ids = { menu: menu!.id, cards: cards!.id, elsewhere: elsewhere!.id };
  });

  it('refuses a made-up payload, another message’s payload, another conversation’s message, a visitor’s message and a URL button: 422, nothing stored or sent', async () => {
    const stream = await openStream(h.url, token);
    const own = await h.send(token, 'hello');
    await h.sim.waitForReceived(1, 5000);
    const refusals = [
      await press(ids.menu, 'Approve', 'REFUND_APPROVED'), // never offered
      await press(ids.cards, 'Request a refund', 'REFUND_REQUESTED'), // offered, but by another message
      await press(ids.elsewhere, 'Approve', 'REFUND_APPROVED'), // offered to someone else
      await press('m_made_up', 'Approve', 'REFUND_APPROVED'),
      await press(own.json.message.id, 'hello', 'hello'), // the visitor's own message
      await press(ids.menu, 'Refund policy', ''), // a URL button has no payload to press
      await press(ids.menu, 'Refund policy', 'https://shop.example.test/refunds'),
      await press(ids.menu, 'Approve refund', 'REFUND_REQUESTED'), // the real payload under another title
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(422);
      expect(refusal.json.error.code).toBe('unknown_button');
    }
    // Another conversation's message reads exactly like one that does not exist.
    expect(refusals[2]!.json).toEqual(refusals[3]!.json);
    await sleep(150);
    expect((await stored()).filter((m) => m.body.kind === 'postback')).toEqual([]);
    expect(h.sim.received).toHaveLength(1);
    expect(stream.messages().filter((m) => m.body.kind === 'postback')).toEqual([]);
    await stream.close();
  });

  it('accepts a press of a real button, its card’s buttons and default action: stored, streamed and delivered', async () => {
    const stream = await openStream(h.url, token);
    const presses = [await press(ids.menu, 'Request a refund', 'REFUND_REQUESTED'), await press(ids.cards, 'Buy', 'BUY_STOVE'), await press(ids.cards, 'Tent', 'SHOW_TENT')];
    expect(presses.map((p) => p.status)).toEqual([201, 201, 201]);
    expect(presses[0]!.json.message.body).toEqual({ kind: 'postback', title: 'Request a refund', payload: 'REFUND_REQUESTED' });
    await h.sim.waitForReceived(3, 5000);
    const sent = h.sim.received.map((r) => (r.body as { submitted_values?: { payload: string }[] }).submitted_values?.[0]?.payload);
    expect(sent).toEqual(['REFUND_REQUESTED', 'BUY_STOVE', 'SHOW_TENT']);
    await stream.waitFor(() => stream.messages().filter((m) => m.body.kind === 'postback').length === 3);
    await stream.close();
  });

  it('accepts a press on a button far back in history, and checks the newest version of its message', async () => {
    await context().inbound.apply(Array.from({ length: 600 }, (_, i) => bot(visitorId, { kind: 'text', text: `later ${i}` })));
    expect((await press(ids.menu, 'Talk to a person', 'HUMAN')).status).toBe(201);

    // The bot replaced its menu: the old buttons are gone, the new one counts.
    const edited: Body = { kind: 'buttons', text: 'How can I help?', buttons: [{ type: 'postback', title: 'Track my order', payload: 'TRACK' }] };
    await context().inbound.apply([bot(visitorId, edited, { externalId: 'menu', update: true })]);
    const stale = await press(ids.menu, 'Talk to a person', 'HUMAN');
    expect([stale.status, stale.json.error.code]).toEqual([422, 'unknown_button']);
    const version = (await stored()).find((m: Message) => m.replaces === ids.menu)!;
    expect((await press(version.id, 'Track my order', 'TRACK')).status).toBe(422); // a press names the message, not a version
    expect((await press(ids.menu, 'Track my order', 'TRACK')).status).toBe(201);
  });
});
