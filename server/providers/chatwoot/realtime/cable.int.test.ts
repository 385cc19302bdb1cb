import { afterEach, describe, expect, it } from 'vitest';
import { createChatwootStandin } from '../../../standins/chatwoot/index.ts';
import { createCableClient, type CableClientOptions } from './cable.ts';
import { createChatwootClient } from '../client/index.ts';
import type { ChatwootSignal, ParsedMessage } from '../parse.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const waitFor = async (check: () => boolean, ms = 3000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
};

describe('cable client against the Chatwoot stand-in', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });

  const setup = async (options: Partial<CableClientOptions> = {}) => {
    const standin = await createChatwootStandin({ cablePingMs: 50 });
    cleanup.push(standin.close);
    const api = createChatwootClient({ baseUrl: standin.url, inboxIdentifier: standin.inboxIdentifier });
    const contact = await api.createContact({ name: 'Ada' });
    const conversation = await api.createConversation(contact.source_id);
    const token = contact.pubsub_token;
    if (!token) throw new Error('the stand-in gives every contact a pubsub_token');
    const seen = {
      messages: [] as ParsedMessage[],
      signals: [] as ChatwootSignal[],
      tokens: [] as string[],
      resyncs: [] as string[],
      failures: [] as [string, string][],
      logs: [] as string[],
    };
    const log =
      (level: string) =>
      (event: string, fields: Record<string, unknown> = {}) =>
        void seen.logs.push(JSON.stringify({ level, event, ...fields }));
    const cable = createCableClient({
      baseUrl: standin.url,
      onMessages: (messages, signals, token) => (seen.messages.push(...messages), seen.signals.push(...signals), seen.tokens.push(token)),
      onResync: (token) => void seen.resyncs.push(token),
      onFailure: (token, reason) => void seen.failures.push([token, reason]),
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
      confirmTimeoutMs: 300,
      staleMs: 400,
      backoff: { baseMs: 40, maxMs: 200 },
      ...options,
    });
    cleanup.push(cable.close);
    return { standin, api, contact, conversation, cable, seen, token };
  };

  it('delivers an agent message as a routed ParsedMessage, and typing and status as signals', async () => {
    const { standin, contact, conversation, cable, seen, token } = await setup();
    cable.watch(token);
    expect(cable.watching()).toEqual([token]);
    await waitFor(() => cable.subscribed().includes(token));
    const { message } = await standin.agentSay(conversation.id, { content: 'Hi Ada' });
    await waitFor(() => seen.messages.length === 1);
    expect(seen.messages[0]).toMatchObject({
      sourceId: contact.source_id,
      conversationId: conversation.id,
      id: message.id,
      update: false,
      author: 'agent',
      body: { kind: 'text', text: 'Hi Ada' },
    });
    expect(seen.tokens).toEqual([token]);
    await standin.update(message.id, { content: 'Hi Ada!' });
    await standin.typing(conversation.id, true);
    await standin.typing(conversation.id, false);
    standin.setStatus(conversation.id, 'resolved');
    await waitFor(() => seen.signals.length === 3);
    expect(seen.messages[1]).toMatchObject({ id: message.id, update: true, body: { kind: 'text', text: 'Hi Ada!' } });
    const route = { sourceId: contact.source_id, conversationId: conversation.id };
    expect(seen.signals).toEqual([
      { ...route, type: 'typing', on: true },
      { ...route, type: 'typing', on: false },
      { ...route, type: 'status', status: 'resolved' },
    ]);
    expect(seen.resyncs).toEqual([]);
    expect(seen.logs.join('\n')).not.toContain(token);
  });

  it('reports a token that gets no confirm, without logging it, retries it, and keeps serving the good one', async () => {
    const { standin, conversation, cable, seen, token } = await setup();
    const bad = 'not-a-real-pubsub-token';
    cable.watch(bad);
    cable.watch(token);
    await waitFor(() => seen.failures.length >= 2); // the first failure, then a failed retry
    expect(seen.failures.every(([failed, reason]) => failed === bad && reason === 'unconfirmed')).toBe(true);
    expect(cable.subscribed()).toEqual([token]);
    expect(seen.logs.some((line) => line.includes('chatwoot_cable.subscription_failed'))).toBe(true);
    expect(seen.logs.join('\n')).not.toContain(bad);
    expect(seen.logs.join('\n')).not.toContain(token);
    await standin.agentSay(conversation.id, { content: 'still here' });
    await waitFor(() => seen.messages.length === 1);
    cable.unwatch(bad);
    const failures = seen.failures.length;
    await sleep(500);
    expect(seen.failures.length).toBe(failures); // no retries once unwatched
    expect(cable.watching()).toEqual([token]);
  });

  it('after a dropped socket reconnects, resubscribes and asks for a resync; the missed message only comes back by re-fetching', async () => {
    const { standin, api, contact, conversation, cable, seen, token } = await setup();
    cable.watch(token);
    await waitFor(() => cable.subscribed().includes(token));
    const first = await standin.agentSay(conversation.id, { content: 'before the drop' });
    await waitFor(() => seen.messages.length === 1);
    standin.dropCableConnections();
    const missed = await standin.agentSay(conversation.id, { content: 'while disconnected' });
    await waitFor(() => seen.resyncs.length === 1);
    expect(seen.resyncs).toEqual([token]);
    expect(cable.subscribed()).toEqual([token]);
    await sleep(100);
    expect(seen.messages.map((m) => m.id)).toEqual([first.message.id]); // no replay (docs/platforms/chatwoot.md#no-replay)
    const refetched = await api.listMessagesAfter(contact.source_id, conversation.id, { after: first.message.id });
    expect(refetched.map((m) => [m.id, m.content])).toEqual([[missed.message.id, 'while disconnected']]);
    const after = await standin.agentSay(conversation.id, { content: 'after the reconnect' });
    await waitFor(() => seen.messages.length === 2);
    expect(seen.messages[1]).toMatchObject({ id: after.message.id, body: { text: 'after the reconnect' } });
    expect(seen.logs.some((line) => line.includes('chatwoot_cable.disconnected'))).toBe(true);
  });

  it('treats a socket without pings as dead: reconnects after the stall with backoff and resyncs', async () => {
    const { standin, cable, seen, token } = await setup();
    cable.watch(token);
    await waitFor(() => cable.subscribed().includes(token));
    standin.pauseCable(700); // longer than staleMs: the open socket goes quiet, new ones are refused for a while
    await waitFor(() => seen.logs.some((line) => line.includes('no frame for 400 ms')), 2000);
    await waitFor(() => seen.resyncs.length === 1, 4000);
    expect(cable.subscribed()).toEqual([token]);
    expect(standin.cableConnections()).toBe(1);
  });

  it('closes the socket when nothing is watched, and close() leaves no timers or sockets behind', async () => {
    const { standin, cable, token } = await setup({ presenceMs: 50 });
    cable.watch(token);
    await waitFor(() => cable.subscribed().includes(token));
    await sleep(120); // a few presence updates go out
    cable.unwatch(token);
    expect(cable.watching()).toEqual([]);
    await waitFor(() => standin.cableConnections() === 0);
    cable.watch(token);
    cable.watch('not-a-real-pubsub-token');
    await waitFor(() => cable.subscribed().includes(token));
    cable.close();
    await standin.close();
    // Nothing left that would keep the process alive (a leaked presence interval or reconnect timer never goes away).
    const open = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout' || kind === 'TCPSocketWrap' || kind === 'TCPServerWrap');
    await waitFor(() => open().length === 0, 2000).catch(() => expect(open()).toEqual([]));
    expect(() => cable.watch(token)).toThrow(/closed/);
  });
});
