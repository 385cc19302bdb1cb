import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/protocol/index.ts';
import { PNG } from '../uploads/fixtures.testing.ts';
import { eventually, startChatwootHarness, type ChatwootHarness } from './chatwoot-harness.testing.ts';
import type { ReceivedEvent } from './sse-client.testing.ts';

const shown = (events: ReceivedEvent[]) => events.filter((e) => e.event === 'message').map((e) => e.data as Message);
const texts = (messages: Message[]) => messages.map((m) => `${m.author}:${m.body.kind === 'text' ? m.body.text : m.body.kind}`);

/** A visitor who wrote once, so Chatwoot knows them, with an open stream. */
const ready = async (h: ChatwootHarness) => {
  const { token, visitorId } = await h.session();
  const stream = await h.stream(token);
  await h.send(token, 'hello');
  const conversation = await h.conversationOf(visitorId);
  await eventually(() => h.standinMessages(conversation.id, 0).length === 1);
  return { token, visitorId, stream, conversation };
};

describe('Chatwoot → visitor over the inbox callback', () => {
  let h: ChatwootHarness;
  afterEach(async () => h?.close());

  it("shows agent messages on the stream and in history, never private notes or the visitor's own echoes", async () => {
    h = await startChatwootHarness();
    const { token, stream, conversation } = await ready(h);
    await h.standin.agentSay(conversation.id, { content: 'internal: check the order', private: true });
    await h.standin.agentSay(conversation.id, { content: 'Hi! How can I help?' });
    await stream.waitFor((events) => texts(shown(events)).includes('agent:Hi! How can I help?'));
    await h.standin.settle();
    // The visitor's own message came back as `incoming`: answered 200, stored nothing.
    const echo = h.standin.callbacks.find((c) => c.event === 'message_created' && JSON.parse(c.body).message_type === 'incoming');
    expect(echo?.status).toBe(200);
    expect(texts(await h.history(token))).toEqual(['visitor:hello', 'agent:Hi! How can I help?']);
    expect(texts(shown(stream.events))).toEqual(['visitor:hello', 'agent:Hi! How can I help?']);
    const [, agent] = await h.history(token);
    expect(agent!.author).toBe('agent');
    await stream.close();
  });

  it('stores a redelivered callback once (same signed payload twice)', async () => {
    h = await startChatwootHarness();
    const { token, stream, conversation } = await ready(h);
    const { callback } = await h.standin.agentSay(conversation.id, { content: 'only once' });
    expect(callback.status).toBe(200);
    const again = await fetch(h.webhookUrl, { method: 'POST', headers: callback.headers, body: callback.body });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, stored: 0 });
    expect(texts(await h.history(token))).toEqual(['visitor:hello', 'agent:only once']);
    await stream.close();
  });

  it("keeps Chatwoot's created_at when callbacks arrive out of order", async () => {
    h = await startChatwootHarness();
    const { token, stream, conversation } = await ready(h);
    // The inbox cannot reach the relay for a moment: the callbacks are kept, then delivered newest first.
    h.standin.setWebhook({ url: '' });
    const first = await h.standin.agentSay(conversation.id, { content: 'first answer' });
    const second = await h.standin.agentSay(conversation.id, { content: 'second answer' });
    const at = (offsetS: number) => new Date(Date.now() - 60_000 + offsetS * 1000).toISOString().replace(/\.\d+Z$/, '.000Z');
    const payload = (record: typeof first.callback, createdAt: string) => ({ ...JSON.parse(record.body), created_at: createdAt });
    expect((await h.postCallback(payload(second.callback, at(10)))).json).toEqual({ ok: true, stored: 1 });
    expect((await h.postCallback(payload(first.callback, at(0)))).json).toEqual({ ok: true, stored: 1 });
    const [, late, early] = await h.history(token);
    expect(texts([late!, early!])).toEqual(['agent:second answer', 'agent:first answer']);
    expect(late!.createdAt).toBe(at(10));
    expect(early!.createdAt).toBe(at(0));
    expect(Date.parse(early!.createdAt)).toBeLessThan(Date.parse(late!.createdAt));
    await stream.close();
  });

  it('turns message_updated into a new version that replaces the shown message (deleted, edited)', async () => {
    h = await startChatwootHarness();
    const { token, stream, conversation } = await ready(h);
    const gone = await h.standin.agentSay(conversation.id, { content: 'soon gone' });
    const edited = await h.standin.agentSay(conversation.id, { content: 'typo hree' });
    await stream.waitFor((events) => shown(events).length === 3);
    const [, original, toEdit] = shown(stream.events);
    await h.standin.deleteMessage(gone.message.id);
    await h.standin.update(edited.message.id, { content: 'typo here' });
    const versions = await stream.waitFor((events) => {
      const found = shown(events).filter((m) => m.replaces);
      return found.length === 2 && found;
    });
    expect(versions[0]).toMatchObject({ replaces: original!.id, author: 'agent', body: { kind: 'deleted' }, createdAt: original!.createdAt });
    expect(versions[1]).toMatchObject({ replaces: toEdit!.id, body: { kind: 'text', text: 'typo here' }, createdAt: toEdit!.createdAt });
    // The same update again (a duplicate callback) adds nothing.
    await h.standin.update(edited.message.id, { content: 'typo here' });
    expect((await h.history(token)).filter((m) => m.replaces)).toHaveLength(2);
    await stream.close();
  });

  it('deleting a message with attachments replaces its attachments too', async () => {
    h = await startChatwootHarness();
    const { token, stream, conversation } = await ready(h);
    const { message } = await h.standin.agentSay(conversation.id, { content: 'A picture', attachments: [{ name: 'p.png', contentType: 'image/png', data: PNG }] });
    await stream.waitFor((events) => shown(events).length === 3);
    const [, text, image] = shown(stream.events);
    expect(image!.body.kind).toBe('image');
    await h.standin.deleteMessage(message.id);
    const versions = await stream.waitFor((events) => {
      const found = shown(events).filter((m) => m.replaces);
      return found.length === 2 && found;
    });
    expect(versions.map((v) => [v.replaces, v.body.kind])).toEqual([
      [text!.id, 'deleted'],
      [image!.id, 'deleted'],
    ]);
    expect((await h.history(token)).filter((m) => m.replaces)).toHaveLength(2);
    await stream.close();
  });

  it('passes typing on/off and conversation status changes to the stream', async () => {
    h = await startChatwootHarness();
    const { token, stream, conversation } = await ready(h);
    await h.standin.typing(conversation.id, true);
    await stream.waitFor((events) => events.some((e) => e.event === 'typing' && (e.data as { on: boolean }).on));
    await h.standin.typing(conversation.id, false);
    await stream.waitFor((events) => events.some((e) => e.event === 'typing' && !(e.data as { on: boolean }).on));
    h.standin.setStatus(conversation.id, 'resolved');
    await stream.waitFor((events) => events.some((e) => e.event === 'conversation' && (e.data as { status: string }).status === 'resolved'));
    // A new visitor message reopens it upstream, and the stream hears of it.
    await h.send(token, 'one more thing');
    await stream.waitFor((events) => events.some((e) => e.event === 'conversation' && (e.data as { status: string }).status === 'open'));
    expect(stream.events.filter((e) => e.event === 'typing' || e.event === 'conversation').map((e) => [e.event, e.data])).toEqual([
      ['typing', { on: true }],
      ['typing', { on: false }],
      ['conversation', { status: 'resolved' }],
      ['conversation', { status: 'open' }],
    ]);
    // Signals are live only: nothing was stored for them.
    expect(texts(await h.history(token))).toEqual(['visitor:hello', 'visitor:one more thing']);
    await stream.close();
  });
});
