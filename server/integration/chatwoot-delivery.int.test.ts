import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UploadResponse } from '../../src/protocol/index.ts';
import { createChatwootStandin } from '../standins/chatwoot/index.ts';
import { PDF, PNG } from '../uploads/fixtures.testing.ts';
import { eventually, startChatwootHarness, type ChatwootHarness } from './chatwoot-harness.testing.ts';

const upload = async (h: ChatwootHarness, token: string, bytes: Buffer, type: string, name: string) => {
  const response = await fetch(`${h.url}/v1/uploads?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: new Uint8Array(bytes),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as UploadResponse;
};
const contents = (h: ChatwootHarness, conversationId?: number) =>
  h.standin.messages.filter((m) => m.message_type === 0 && (conversationId === undefined || m.conversation_id === conversationId)).map((m) => m.content);
const delivered = async (h: ChatwootHarness, token: string) => (await h.api<{ deliveredSeq: number }>('/v1/messages', { token })).json.deliveredSeq;

describe('Chatwoot: visitor uploads', () => {
  let h: ChatwootHarness;
  afterEach(async () => h?.close());

  it('sends an upload as multipart attachments[] with the same bytes', async () => {
    h = await startChatwootHarness();
    const { token, visitorId } = await h.session();
    const picture = await upload(h, token, PNG, 'image/png', 'holiday.png');
    const document = await upload(h, token, PDF, 'application/pdf', 'invoice.pdf');
    for (const [id, item] of [picture, document].entries()) {
      const sent = await h.sendBody(token, { kind: 'attachment', uploadId: item.id }, `attach-${id}-${Date.now()}`);
      expect(sent.status).toBe(201);
    }
    const conversation = await h.conversationOf(visitorId);
    const [first, second] = await eventually(() => {
      const found = h.standinMessages(conversation.id, 0);
      return found.length === 2 && found;
    });
    const posts = h.standin.received.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(posts[0]!.parts).toEqual([
      { name: 'echo_id', value: expect.stringMatching(/^m_/) },
      { name: 'attachments[]', filename: 'holiday.png', contentType: 'image/png', size: PNG.length },
    ]);
    expect(first!.attachments.map((f) => [f.name, f.content_type])).toEqual([['holiday.png', 'image/png']]);
    expect(first!.attachments[0]!.data.equals(PNG)).toBe(true);
    expect(second!.attachments[0]!.data.equals(PDF)).toBe(true);
    expect(second!.attachments[0]!.name).toBe('invoice.pdf');
    expect(await delivered(h, token)).toBe(2);
  });
});

describe('Chatwoot: outages and vanished records', () => {
  let h: ChatwootHarness;
  afterEach(async () => h?.close());

  it('keeps what the visitor wrote through a run of 500s and delivers it in order once Chatwoot recovers', async () => {
    h = await startChatwootHarness();
    const { token, visitorId } = await h.session();
    h.standin.faults.push(...Array.from({ length: 1000 }, () => ({ kind: 'status' as const, status: 500 })));
    for (const text of ['one', 'two', 'three']) expect((await h.send(token, text)).status).toBe(201);
    await eventually(() => h.standin.received.length >= 4, { what: 'a few failed attempts' });
    expect(await delivered(h, token)).toBe(0);
    expect(h.standin.contacts).toHaveLength(0);
    h.standin.faults.length = 0; // back up
    const conversation = await h.conversationOf(visitorId);
    await eventually(() => contents(h, conversation.id).length === 3, { what: 'all three messages' });
    expect(contents(h, conversation.id)).toEqual(['one', 'two', 'three']);
    expect(h.standin.contacts).toHaveLength(1);
    await eventually(async () => (await delivered(h, token)) === 3);
    expect(h.logs.some((line) => line.includes('outbox.retry'))).toBe(true);
  });

  it('retries after a request that never gets an answer (timeout), without losing order', async () => {
    h = await startChatwootHarness({ platformTimeoutMs: 300 });
    const { token, visitorId } = await h.session();
    await h.send(token, 'before');
    const conversation = await h.conversationOf(visitorId);
    await eventually(() => contents(h, conversation.id).length === 1);
    h.standin.faults.push({ kind: 'hang' }, { kind: 'hang' }, { kind: 'reset' });
    for (const text of ['one', 'two', 'three']) await h.send(token, text);
    await eventually(() => contents(h, conversation.id).length === 4, { timeoutMs: 8000, what: 'the three messages' });
    expect(contents(h, conversation.id)).toEqual(['before', 'one', 'two', 'three']);
    expect(h.standin.faults).toHaveLength(0);
    expect(h.logs.filter((line) => line.includes('outbox.retry')).length).toBeGreaterThanOrEqual(3);
  });

  it('re-creates a conversation, and then a contact, that vanished upstream (404) and delivers the message', async () => {
    h = await startChatwootHarness();
    const { token, visitorId } = await h.session();
    const stream = await h.stream(token);
    await h.send(token, 'first');
    const first = await h.conversationOf(visitorId);
    await eventually(() => contents(h, first.id).length === 1);

    // The conversation is deleted in Chatwoot: the next message starts a new one for the same contact.
    h.standin.conversations.splice(h.standin.conversations.indexOf(first), 1);
    await h.send(token, 'second');
    const second = await eventually(() => h.standin.conversations.find((c) => c.id !== first.id), { what: 'a new conversation' });
    await eventually(() => contents(h, second.id).length === 1);
    expect(contents(h, second.id)).toEqual(['second']);
    expect((await h.link(visitorId))?.conversationRef).toBe(String(second.id));

    // The contact is deleted too: made again with the same source_id (our visitor id), and a new token.
    const row = h.standin.contactInboxes.find((ci) => ci.source_id === visitorId)!;
    h.standin.contactInboxes.splice(h.standin.contactInboxes.indexOf(row), 1);
    h.standin.conversations.splice(h.standin.conversations.indexOf(second), 1);
    await h.send(token, 'third');
    const third = await eventually(() => h.standin.conversations.find((c) => c.id > second.id), { what: 'a conversation for the new contact' });
    await eventually(() => contents(h, third.id).length === 1);
    const again = h.standin.contactInboxes.find((ci) => ci.source_id === visitorId)!;
    expect(again.id).not.toBe(row.id);
    expect(await h.link(visitorId)).toMatchObject({ contactRef: visitorId, conversationRef: String(third.id), data: { pubsubToken: again.pubsub_token } });
    await eventually(async () => (await delivered(h, token)) === 3);

    // The agent's reply in the new conversation finds the visitor.
    await h.standin.agentSay(third.id, { content: 'welcome back' });
    await stream.waitFor((events) => events.some((e) => e.event === 'message' && (e.data as { body: { text?: string } }).body.text === 'welcome back'));
    await stream.close();
  });
});

describe('Chatwoot: a relay restart (sqlite)', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });

  it('delivers what was queued before the restart to the same contact and conversation, and routes replies again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chatport-chatwoot-restart-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const webhookSecret = 'restart-webhook-secret-1234';
    const standin = await createChatwootStandin({ webhookSecret });
    cleanup.push(standin.close);
    const first = await startChatwootHarness({ standin, webhookSecret, store: 'sqlite', dataDir });
    cleanup.push(first.close);
    const { token, visitorId } = await first.session();
    await first.send(token, 'one');
    const conversation = await first.conversationOf(visitorId);
    await eventually(() => contents(first, conversation.id).length === 1);
    // Chatwoot goes down; the visitor writes on; the relay is restarted meanwhile.
    standin.faults.push(...Array.from({ length: 1000 }, () => ({ kind: 'status' as const, status: 503 })));
    await first.send(token, 'two');
    await first.send(token, 'three');
    await eventually(() => standin.received.length >= 5);
    await first.close();
    standin.faults.length = 0;

    const second = await startChatwootHarness({ standin, webhookSecret, store: 'sqlite', dataDir });
    cleanup.push(second.close);
    await eventually(() => contents(second, conversation.id).length === 3, { what: 'the queued messages' });
    expect(contents(second, conversation.id)).toEqual(['one', 'two', 'three']);
    expect(standin.contacts).toHaveLength(1);
    expect(standin.conversations).toHaveLength(1);
    const again = await second.session({ token });
    expect(again).toMatchObject({ visitorId, resumed: true });
    const stream = await second.stream(again.token);
    await standin.agentSay(conversation.id, { content: 'sorry for the wait' });
    await stream.waitFor((events) => events.some((e) => e.event === 'message' && (e.data as { body: { text?: string } }).body.text === 'sorry for the wait'));
    expect(await delivered(second, again.token)).toBe(3);
    await stream.close();
  });
});
