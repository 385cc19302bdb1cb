import { afterEach, describe, expect, it } from 'vitest';
import { identifierHash } from '../providers/chatwoot/signature.ts';
import { eventually, startChatwootHarness, type ChatwootHarness } from './chatwoot-harness.testing.ts';

const IDENTITY_SECRET = 'site-identity-secret-'.padEnd(40, 's');
const HMAC_TOKEN = 'inbox-hmac-token-1234';

/** Public API calls the stand-in received, as `METHOD /path-below-the-inbox`. */
const calls = (h: ChatwootHarness) => h.standin.received.map((r) => `${r.method} ${r.path.slice(`/public/api/v1/inboxes/${h.standin.inboxIdentifier}`.length)}`);

describe('Chatwoot: visitor messages make the contact, the conversation and the message', () => {
  let h: ChatwootHarness;
  afterEach(async () => h?.close());

  it('creates the contact with our visitor id as source_id, then the conversation, then posts; the second message reuses them', async () => {
    h = await startChatwootHarness();
    const { token, visitorId } = await h.session();
    expect((await h.send(token, 'first')).status).toBe(201);
    const conversation = await h.conversationOf(visitorId);
    await eventually(() => h.standinMessages(conversation.id, 0).length === 1, { what: 'the first message' });

    const row = h.standin.contactInboxes.find((ci) => ci.source_id === visitorId);
    expect(row).toBeDefined();
    expect(conversation.contact_inbox_id).toBe(row!.id);
    expect(h.standin.received[0]).toMatchObject({ method: 'POST', body: { source_id: visitorId } });
    expect(h.standinMessages(conversation.id, 0)[0]).toMatchObject({ content: 'first', sender: 'contact' });
    // The link is what pushes are routed by: source_id, conversation id and the socket token.
    expect(await h.link(visitorId)).toEqual({
      visitorId,
      contactRef: visitorId,
      conversationRef: String(conversation.id),
      data: { pubsubToken: row!.pubsub_token, contactId: row!.contact_id },
    });

    expect((await h.send(token, 'second')).status).toBe(201);
    await eventually(() => h.standinMessages(conversation.id, 0).length === 2, { what: 'the second message' });
    expect(h.standinMessages(conversation.id, 0).map((m) => m.content)).toEqual(['first', 'second']);
    expect(h.standin.contacts).toHaveLength(1);
    expect(h.standin.conversations).toHaveLength(1);
    const path = `/contacts/${visitorId}/conversations/${conversation.id}/messages`;
    expect(calls(h)).toEqual(['POST /contacts', `POST /contacts/${visitorId}/conversations`, `POST ${path}`, `POST ${path}`]);
    // Both reached Chatwoot: the relay says so on the stream's status.
    const history = await h.api<{ deliveredSeq: number }>('/v1/messages', { token });
    expect(history.json.deliveredSeq).toBe(2);
  });

  it('keeps two visitors apart: each gets their own contact and conversation', async () => {
    h = await startChatwootHarness();
    const a = await h.session();
    const b = await h.session();
    await h.send(a.token, 'from a');
    await h.send(b.token, 'from b');
    const [ca, cb] = [await h.conversationOf(a.visitorId), await h.conversationOf(b.visitorId)];
    expect(ca.id).not.toBe(cb.id);
    await eventually(() => h.standinMessages(ca.id, 0).length === 1 && h.standinMessages(cb.id, 0).length === 1);
    expect(h.standinMessages(ca.id, 0)[0]!.content).toBe('from a');
    expect(h.standinMessages(cb.id, 0)[0]!.content).toBe('from b');
  });
});

describe('Chatwoot: identified visitors', () => {
  let h: ChatwootHarness;
  afterEach(async () => h?.close());

  it('sends identifier + identifier_hash on create, then the PATCH that marks the contact verified', async () => {
    h = await startChatwootHarness({ identitySecret: IDENTITY_SECRET, hmacToken: HMAC_TOKEN });
    const { token, visitorId } = await h.session({ identity: { id: 'user-42', name: 'Ada', email: 'ada@example.com' } });
    await h.send(token, 'hello, it is me');
    const conversation = await h.conversationOf(visitorId);
    await eventually(() => h.standinMessages(conversation.id, 0).length === 1);
    const hash = identifierHash(HMAC_TOKEN, 'user-42');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(h.standin.received[0]).toMatchObject({
      method: 'POST',
      body: { source_id: visitorId, identifier: 'user-42', identifier_hash: hash, name: 'Ada', email: 'ada@example.com' },
    });
    // On create the hash is only checked: the follow-up PATCH with the pair marks the contact_inbox verified
    // (docs/platforms/chatwoot.md#identity).
    const patch = await eventually(() => h.standin.received.find((r) => r.method === 'PATCH' && r.path.endsWith(`/contacts/${visitorId}`)), { what: 'the PATCH' });
    expect(patch.body).toEqual({ identifier: 'user-42', identifier_hash: hash });
    const row = h.standin.contactInboxes.find((ci) => ci.source_id === visitorId)!;
    await eventually(() => row.hmac_verified, { what: 'hmac_verified' });
    expect(h.standin.contacts[0]).toMatchObject({ identifier: 'user-42', name: 'Ada', email: 'ada@example.com' });
    expect(h.logs.join('\n')).not.toContain(HMAC_TOKEN);
  });

  it('delivers the message anonymously when the inbox refuses the hash (a wrong CHATWOOT_HMAC_TOKEN: HTTP 500)', async () => {
    h = await startChatwootHarness({ identitySecret: IDENTITY_SECRET, hmacToken: HMAC_TOKEN, standinHmacToken: 'another-inbox-token' });
    const { token, visitorId } = await h.session({ identity: { id: 'user-7', name: 'Grace' } });
    await h.send(token, 'still here');
    const conversation = await h.conversationOf(visitorId);
    await eventually(() => h.standinMessages(conversation.id, 0).length === 1);
    const creates = h.standin.received.filter((r) => r.method === 'POST' && r.path.endsWith('/contacts'));
    expect(creates.map((r) => (r.body as Record<string, unknown>)['identifier_hash'] !== undefined)).toEqual([true, false]);
    expect(creates[1]!.body).toEqual({ source_id: visitorId, name: 'Grace' });
    expect(h.standin.contacts[0]).toMatchObject({ identifier: null, name: 'Grace' });
    expect(h.standin.received.some((r) => r.method === 'PATCH')).toBe(false);
    expect(h.standinMessages(conversation.id, 0)[0]!.content).toBe('still here');
    // Logged once Chatwoot has answered the post, which can be just after the stand-in stored the message.
    await eventually(() => h.logs.some((line) => line.includes('chatwoot.identity_refused')), { what: 'chatwoot.identity_refused' });
  });
});

describe('Chatwoot: the visitor typing and reading', () => {
  let h: ChatwootHarness;
  afterEach(async () => h?.close());

  it('forwards POST /v1/typing to toggle_typing and POST /v1/seen to update_last_seen', async () => {
    h = await startChatwootHarness();
    const { token, visitorId } = await h.session();
    const stream = await h.stream(token);
    // Before the first message there is no conversation: nothing to tell Chatwoot.
    expect((await h.api('/v1/typing', { method: 'POST', token, body: { on: true } })).status).toBe(204);
    await h.send(token, 'hi');
    const conversation = await h.conversationOf(visitorId);
    await eventually(() => h.standinMessages(conversation.id, 0).length === 1);
    const base = `/contacts/${visitorId}/conversations/${conversation.id}`;
    expect(calls(h)).not.toContain(`POST ${base}/toggle_typing`);

    const { message } = await h.standin.agentSay(conversation.id, { content: 'Anything else?' });
    expect((await h.api('/v1/typing', { method: 'POST', token, body: { on: true } })).status).toBe(204);
    expect((await h.api('/v1/typing', { method: 'POST', token, body: { on: false } })).status).toBe(204);
    const typing = await eventually(() => {
      const found = h.standin.received.filter((r) => r.path.endsWith(`${base}/toggle_typing`));
      return found.length === 2 && found;
    });
    expect(typing.map((r) => r.body)).toEqual([{ typing_status: 'on' }, { typing_status: 'off' }]);

    expect((await h.api('/v1/seen', { method: 'POST', token })).status).toBe(204);
    await eventually(() => calls(h).includes(`POST ${base}/update_last_seen`), { what: 'update_last_seen' });
    expect(h.standin.messages.find((m) => m.id === message.id)!.status).toBe('read');
    expect(conversation.contact_last_seen_at).toBeGreaterThan(0);
    // Chatwoot echoes the visitor's own typing to the inbox callback (the contact as `user`): not shown back to them.
    await h.standin.settle();
    expect(h.standin.callbacks.filter((c) => c.event === 'conversation_typing_on').map((c) => c.status)).toEqual([200]);
    expect(stream.events.filter((e) => e.event === 'typing')).toEqual([]);
    await stream.close();
  });
});
