import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/protocol/index.ts';
import { eventually, startChatwootHarness, type ChatwootHarness } from './chatwoot-harness.testing.ts';
import type { ReceivedEvent } from './sse-client.testing.ts';

const agentTexts = (events: ReceivedEvent[]) =>
  events
    .filter((e) => e.event === 'message')
    .map((e) => e.data as Message)
    .filter((m) => m.author !== 'visitor')
    .map((m) => (m.body.kind === 'text' ? m.body.text : m.body.kind));
const fetches = (h: ChatwootHarness) => h.standin.received.filter((r) => r.method === 'GET' && r.path.endsWith('/messages')).length;

/** The cable path with short timings: a confirm is due within 300 ms, reconnects start at 50 ms. */
const start = () => startChatwootHarness({ realtime: 'cable', cable: { confirmTimeoutMs: 300, backoff: { baseMs: 50, maxMs: 200 } }, cablePingMs: 200 });

describe('Chatwoot over ActionCable (CHATWOOT_REALTIME=cable)', () => {
  let h: ChatwootHarness;
  afterEach(async () => h?.close());

  it('subscribes an open stream once the first message made the contact, and shows agent messages from the socket', async () => {
    h = await start();
    const { token, visitorId } = await h.session();
    const stream = await h.stream(token);
    // No contact yet: nothing to subscribe to.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.standin.cableConnections()).toBe(0);
    await h.send(token, 'hello');
    const conversation = await h.conversationOf(visitorId);
    // Subscribed and caught up (the fetch that follows the confirm).
    await eventually(() => h.standin.cableConnections() === 1 && fetches(h) === 1, { what: 'the subscription and its catch-up' });
    const before = fetches(h);
    const { callback } = await h.standin.agentSay(conversation.id, { content: 'over the socket' });
    expect(callback.error).toBe('no webhook_url');
    await stream.waitFor((events) => agentTexts(events).includes('over the socket'));
    expect(fetches(h)).toBe(before); // pushed, not fetched
    await h.standin.typing(conversation.id, true);
    await stream.waitFor((events) => events.some((e) => e.event === 'typing' && (e.data as { on: boolean }).on));
    h.standin.setStatus(conversation.id, 'resolved');
    await stream.waitFor((events) => events.some((e) => e.event === 'conversation' && (e.data as { status: string }).status === 'resolved'));
    expect(agentTexts(stream.events)).toEqual(['over the socket']);
    await stream.close();
  });

  it('after a dropped connection re-fetches what was said meanwhile and shows it exactly once', async () => {
    h = await start();
    const { token, visitorId } = await h.session();
    const stream = await h.stream(token);
    await h.send(token, 'hello');
    const conversation = await h.conversationOf(visitorId);
    await eventually(() => h.standin.cableConnections() === 1 && fetches(h) === 1);
    await h.standin.agentSay(conversation.id, { content: 'before the drop' });
    await stream.waitFor((events) => agentTexts(events).includes('before the drop'));

    // The network drops and stays down for a moment; the agent speaks to nobody (nothing is replayed upstream).
    h.standin.pauseCable(400);
    h.standin.dropCableConnections();
    await h.standin.agentSay(conversation.id, { content: 'while you were away' });
    expect(agentTexts(stream.events)).not.toContain('while you were away');
    await stream.waitFor((events) => agentTexts(events).includes('while you were away'), 5000);
    expect(h.standin.cableConnections()).toBe(1);
    expect(fetches(h)).toBeGreaterThanOrEqual(2);
    await h.standin.agentSay(conversation.id, { content: 'after the drop' });
    await stream.waitFor((events) => agentTexts(events).includes('after the drop'));
    expect(agentTexts(stream.events)).toEqual(['before the drop', 'while you were away', 'after the drop']);
    const history = (await h.history(token)).filter((m) => m.author !== 'visitor');
    expect(history.map((m) => (m.body.kind === 'text' ? m.body.text : m.body.kind))).toEqual(['before the drop', 'while you were away', 'after the drop']);
    expect(h.logs.some((line) => line.includes('chatwoot_cable.disconnected'))).toBe(true);
    await stream.close();
  });

  it('catches up when a stream opens for a visitor Chatwoot already knows, and unsubscribes when the last stream closes', async () => {
    h = await start();
    const { token, visitorId } = await h.session();
    await h.send(token, 'hello');
    const conversation = await h.conversationOf(visitorId);
    await eventually(() => h.standinMessages(conversation.id, 0).length === 1);
    expect(h.standin.cableConnections()).toBe(0); // nobody is watching
    await h.standin.agentSay(conversation.id, { content: 'said with no one listening' });

    const first = await h.stream(token);
    const second = await h.stream(token);
    await first.waitFor((events) => agentTexts(events).includes('said with no one listening'));
    await eventually(() => h.standin.cableConnections() === 1);
    await first.close();
    // Another tab still has the chat open: still subscribed.
    await h.standin.agentSay(conversation.id, { content: 'to the other tab' });
    await second.waitFor((events) => agentTexts(events).includes('to the other tab'));
    await second.close();
    await eventually(() => h.standin.cableConnections() === 0, { what: 'the socket to close' });
    expect((await h.history(token)).filter((m) => m.author !== 'visitor')).toHaveLength(2);
  });

  it('brings answered questions back over the socket, and follows a contact made again with a new token', async () => {
    h = await start();
    const { token, visitorId } = await h.session();
    const stream = await h.stream(token);
    await h.send(token, 'hello');
    const conversation = await h.conversationOf(visitorId);
    await eventually(() => h.standin.cableConnections() === 1 && fetches(h) === 1);
    await h.standin.agentSay(conversation.id, { content: 'Pick', content_type: 'input_select', content_attributes: { items: [{ title: 'A', value: 'a' }] } });
    const question = await stream.waitFor((events) => events.map((e) => e.data as Message).find((m) => m.body?.kind === 'select'));
    await h.answer(token, question.id, 'A', { type: 'select', choices: [{ title: 'A', value: 'a' }] });
    const version = await stream.waitFor((events) => events.map((e) => e.data as Message).find((m) => m.replaces === question.id));
    expect(version.body).toMatchObject({ kind: 'select', answer: [{ title: 'A', value: 'a' }] });

    // The contact is deleted upstream: the next message makes it again, with a new pubsub_token to follow.
    const row = h.standin.contactInboxes.find((ci) => ci.source_id === visitorId)!;
    h.standin.contactInboxes.splice(h.standin.contactInboxes.indexOf(row), 1);
    h.standin.conversations.splice(h.standin.conversations.indexOf(conversation), 1);
    await h.send(token, 'are you there?');
    const next = await eventually(() => h.standin.conversations.find((c) => c.id !== conversation.id));
    const fresh = await eventually(() => h.standin.contactInboxes.find((ci) => ci.source_id === visitorId));
    await eventually(async () => (await h.link(visitorId))?.data['pubsubToken'] === fresh.pubsub_token && fetches(h) >= 2, { what: 'the new subscription' });
    await h.standin.agentSay(next.id, { content: 'yes, here' });
    await stream.waitFor((events) => agentTexts(events).includes('yes, here'));
    expect(agentTexts(stream.events).filter((text) => text === 'yes, here')).toHaveLength(1);
    await stream.close();
  });

  it('does not take inbox callbacks on the cable path without a webhook secret', async () => {
    h = await start();
    const answer = await h.postCallback({ event: 'message_created' });
    expect(answer.status).toBe(404);
    expect(String(answer.json?.error)).toMatch(/CHATWOOT_REALTIME=cable/);
  });
});
