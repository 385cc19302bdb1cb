import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createChatwootStandin } from './index.ts';
import { call } from './standin.testing.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests read into the frames they assert on
type Frame = Record<string, any>;

/** A bare ActionCable client that records every frame, for asserting the stand-in's wire format. */
const connect = async (url: string, protocol = 'actioncable-v1-json') => {
  const ws = new WebSocket(url, protocol);
  const frames: Frame[] = [];
  ws.on('message', (raw) => frames.push(JSON.parse(raw.toString()) as Frame));
  await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
  const waitFor = async (match: (frame: Frame) => boolean, ms = 2000): Promise<Frame> => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const found = frames.find(match);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no matching frame');
  };
  const identifier = (token: string, extra: Record<string, unknown> = {}) => JSON.stringify({ channel: 'RoomChannel', pubsub_token: token, ...extra });
  const subscribe = (id: string) => ws.send(JSON.stringify({ command: 'subscribe', identifier: id }));
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  return { ws, frames, waitFor, identifier, subscribe, closed, events: () => frames.filter((f) => f['type'] === undefined).map((f) => f['message'].event as string) };
};

describe('chatwoot stand-in: ActionCable on /cable', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });

  const setup = async () => {
    const standin = await createChatwootStandin({ cablePingMs: 50 });
    cleanup.push(standin.close);
    const contact = (await call(`${standin.publicUrl}/contacts`, 'POST', { name: 'Ada' })).json;
    const conversation = (await call(`${standin.publicUrl}/contacts/${contact.source_id}/conversations`, 'POST', {})).json;
    const client = await connect(`${standin.url.replace('http', 'ws')}/cable`);
    cleanup.push(() => client.ws.terminate());
    const conv = `${standin.publicUrl}/contacts/${contact.source_id}/conversations/${conversation.id}`;
    return { standin, contact, conversation, client, conv };
  };

  it('welcomes, pings, confirms a known contact token with presence, and stays silent for unknown or agent identifiers', async () => {
    const { standin, contact, client } = await setup();
    expect(client.ws.protocol).toBe('actioncable-v1-json');
    await client.waitFor((f) => f['type'] === 'welcome');
    await client.waitFor((f) => f['type'] === 'ping' && typeof f['message'] === 'number');
    const good = client.identifier(contact.pubsub_token);
    client.subscribe(client.identifier('unknown-token'));
    client.subscribe(client.identifier(contact.pubsub_token, { user_id: 1, account_id: 1 }));
    client.subscribe(good);
    await client.waitFor((f) => f['type'] === 'confirm_subscription');
    const presence = await client.waitFor((f) => f['message']?.event === 'presence.update');
    expect(presence).toEqual({ identifier: good, message: { event: 'presence.update', data: { account_id: 1, users: { '1': 'online' } } } });
    client.ws.send(JSON.stringify({ command: 'message', identifier: good, data: JSON.stringify({ action: 'update_presence' }) }));
    await client.waitFor(() => client.events().filter((e) => e === 'presence.update').length === 2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(client.frames.filter((f) => f['type'] === 'confirm_subscription')).toEqual([{ type: 'confirm_subscription', identifier: good }]);
    expect(standin.cableConnections()).toBe(1);
  });

  it('broadcasts the contact events with their push data: own message with echo_id, agent message, update, typing, status', async () => {
    const { standin, contact, conversation, client, conv } = await setup();
    await client.waitFor((f) => f['type'] === 'welcome');
    client.subscribe(client.identifier(contact.pubsub_token));
    await client.waitFor((f) => f['type'] === 'confirm_subscription');
    await call(`${conv}/messages`, 'POST', { content: 'Hello', echo_id: 'echo-1' });
    const own = await client.waitFor((f) => f['message']?.event === 'message.created');
    expect(own['message'].data).toMatchObject({
      id: 1,
      content: 'Hello',
      message_type: 0,
      created_at: expect.any(Number),
      conversation_id: conversation.id,
      echo_id: 'echo-1',
      account_id: 1,
      inbox_id: 1,
      private: false,
      status: 'sent',
      sender_type: 'Contact',
      conversation: { contact_inbox: { source_id: contact.source_id } },
      sender: { type: 'contact' },
    });
    const { message } = await standin.agentSay(conversation.id, { content: 'Hi Ada' });
    await standin.agentSay(conversation.id, { content: 'a private note', private: true });
    await standin.update(message.id, { content: 'Hi Ada!' });
    await standin.typing(conversation.id, true);
    await call(`${conv}/toggle_typing`, 'POST', { typing_status: 'on' }); // the contact's own typing: not sent back
    standin.setStatus(conversation.id, 'resolved');
    const status = await client.waitFor((f) => f['message']?.event === 'conversation.status_changed');
    expect(client.events().filter((e) => e !== 'presence.update')).toEqual([
      'message.created',
      'message.created',
      'message.updated',
      'conversation.typing_on',
      'conversation.status_changed',
    ]);
    const created = client.frames.filter((f) => f['message']?.event === 'message.created')[1]!['message'].data;
    expect(created).toMatchObject({ id: message.id, content: 'Hi Ada', message_type: 1, sender_type: 'User', sender: { type: 'user', id: 1 } });
    expect(created).not.toHaveProperty('echo_id');
    const typing = client.frames.find((f) => f['message']?.event === 'conversation.typing_on')!['message'].data;
    expect(typing).toMatchObject({ is_private: false, user: { type: 'user', id: 1 }, conversation: { id: conversation.id, contact_inbox: { source_id: contact.source_id } } });
    expect(status['message'].data).toMatchObject({ id: conversation.id, status: 'resolved', account_id: 1 });
    expect(status['message'].data).not.toHaveProperty('account');
  });

  it('drops sockets abruptly and replays nothing to the next one; a pause refuses new sockets', async () => {
    const { standin, contact, conversation, client } = await setup();
    await client.waitFor((f) => f['type'] === 'welcome');
    standin.dropCableConnections();
    await client.closed;
    expect(standin.cableConnections()).toBe(0);
    await standin.agentSay(conversation.id, { content: 'while away' });
    const next = await connect(`${standin.url.replace('http', 'ws')}/cable`);
    cleanup.push(() => next.ws.terminate());
    next.subscribe(next.identifier(contact.pubsub_token));
    await next.waitFor((f) => f['type'] === 'confirm_subscription');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(next.events()).not.toContain('message.created');
    standin.pauseCable(300);
    await expect(connect(`${standin.url.replace('http', 'ws')}/cable`)).rejects.toThrow(/404/);
  });

  it('refuses other paths', async () => {
    const { standin } = await setup();
    await expect(connect(`${standin.url.replace('http', 'ws')}/other`)).rejects.toThrow(/404/);
  });
});
