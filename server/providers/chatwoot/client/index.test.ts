import { afterEach, describe, expect, it } from 'vitest';
import { createChatwootClient } from './index.ts';
import { ChatwootError } from './errors.ts';
import { contact, conversation, message, startFakeChatwoot, type Recorded, type Scripted } from '../fake-server.testing.ts';

const BASE = '/public/api/v1/inboxes/inbox-abc';
const SOURCE = contact.source_id;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const setup = async (answer: (request: Recorded) => Scripted, timeoutMs = 2000) => {
  const fake = await startFakeChatwoot(answer);
  close = fake.close;
  return { fake, client: createChatwootClient({ baseUrl: fake.url, inboxIdentifier: 'inbox-abc', timeoutMs }) };
};

const json = (recorded: Recorded | undefined): unknown => JSON.parse(recorded?.body.toString('utf8') ?? 'null');
const failure = async (promise: Promise<unknown>): Promise<ChatwootError> => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ChatwootError)) throw new Error(`expected a ChatwootError, got ${String(error)}`);
  return error;
};

describe('createChatwootClient', () => {
  it('creates a contact with identifier and identifier_hash, and parses source_id and pubsub_token', async () => {
    const { fake, client } = await setup(() => ({ status: 200, body: contact }));
    const created = await client.createContact({ identifier: 'user-1', identifierHash: 'ab'.repeat(32), name: 'Ada', email: 'ada@example.test' });
    expect(created).toMatchObject({ source_id: SOURCE, pubsub_token: 'pubsub-token-1', id: 5 });
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: `${BASE}/contacts` });
    expect(fake.requests[0]?.headers['content-type']).toBe('application/json');
    expect(json(fake.requests[0])).toEqual({ identifier: 'user-1', identifier_hash: 'ab'.repeat(32), name: 'Ada', email: 'ada@example.test' });
  });

  it('keeps a path prefix of the base URL and creates a conversation under the contact', async () => {
    const fake = await startFakeChatwoot(() => ({ status: 200, body: conversation }));
    close = fake.close;
    const client = createChatwootClient({ baseUrl: `${fake.url}/chat/`, inboxIdentifier: 'inbox-abc', timeoutMs: 2000 });
    const created = await client.createConversation(SOURCE);
    expect(created).toMatchObject({ id: 42, status: 'open' });
    expect(fake.requests[0]?.path).toBe(`/chat${BASE}/contacts/${SOURCE}/conversations`);
  });

  it('posts text with echo_id as JSON', async () => {
    const { fake, client } = await setup(() => ({ status: 200, body: message(4480) }));
    const posted = await client.createMessage(SOURCE, 42, { content: 'Hello', echoId: 'c_12345678' });
    expect(posted.id).toBe(4480);
    expect(fake.requests[0]?.path).toBe(`${BASE}/contacts/${SOURCE}/conversations/42/messages`);
    expect(json(fake.requests[0])).toEqual({ content: 'Hello', echo_id: 'c_12345678' });
  });

  it('posts attachments as multipart attachments[] with name and type', async () => {
    const { fake, client } = await setup(() => ({ status: 200, body: message(4481, { attachments: [{ id: 1, file_type: 'image', data_url: 'https://cw.test/a.png' }] }) }));
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const posted = await client.createMessage(SOURCE, 42, { content: 'see', attachments: [{ data: bytes, name: 'shot.png', type: 'image/png' }] });
    expect(posted.attachments?.[0]?.file_type).toBe('image');
    const recorded = fake.requests[0];
    const form = await new Response(new Uint8Array(recorded?.body ?? []), { headers: { 'content-type': String(recorded?.headers['content-type']) } }).formData();
    expect(form.get('content')).toBe('see');
    const file = form.get('attachments[]');
    expect(file).toBeInstanceOf(Blob);
    expect((file as File).name).toBe('shot.png');
    expect((file as File).type).toBe('image/png');
    expect(Buffer.from(await (file as File).arrayBuffer())).toEqual(bytes);
  });

  it('answers an interactive message with PATCH submitted_values', async () => {
    const { fake, client } = await setup(() => ({ status: 200, body: message(77, { message_type: 1, content_type: 'input_select' }) }));
    await client.submitValues(SOURCE, 42, 77, [{ title: 'Yes', value: 'yes' }]);
    expect(fake.requests[0]).toMatchObject({ method: 'PATCH', path: `${BASE}/contacts/${SOURCE}/conversations/42/messages/77` });
    expect(json(fake.requests[0])).toEqual({ submitted_values: [{ title: 'Yes', value: 'yes' }] });
  });

  it('updates a contact with PATCH and reads both answer shapes (public contact, or the full record of older servers)', async () => {
    const record = {
      id: 5,
      name: 'Ada',
      email: 'ada@example.test',
      phone_number: null,
      identifier: 'user-1',
      blocked: false,
      additional_attributes: {},
      custom_attributes: {},
      contact_type: 'lead',
      country_code: null,
      last_activity_at: null,
      created_at: '2026-08-18T11:00:00.000Z',
      updated_at: '2026-08-18T12:00:00.000Z',
      account_id: 1,
    };
    let answer: unknown = { ...contact, email: 'ada@example.test' };
    const { fake, client } = await setup(() => ({ status: 200, body: answer }));
    expect(await client.updateContact(SOURCE, { email: 'ada@example.test', identifier: 'user-1', identifierHash: 'ab'.repeat(32) })).toMatchObject({
      id: 5,
      source_id: SOURCE,
      email: 'ada@example.test',
    });
    expect(fake.requests[0]).toMatchObject({ method: 'PATCH', path: `${BASE}/contacts/${SOURCE}` });
    expect(json(fake.requests[0])).toEqual({ email: 'ada@example.test', identifier: 'user-1', identifier_hash: 'ab'.repeat(32) });
    answer = record;
    const older = await client.updateContact(SOURCE, { email: 'ada@example.test' });
    expect(older).toMatchObject({ id: 5, email: 'ada@example.test' });
    expect(older.source_id).toBeUndefined();
    answer = { email: 'x' };
    expect(await failure(client.updateContact(SOURCE, { email: 'x' }))).toMatchObject({ kind: 'invalid_response' });
  });

  it('reads a 500 on a contact update with identifier_hash as an HMAC refusal', async () => {
    const { client } = await setup(() => ({ status: 500, text: '<html></html>' }));
    expect(await failure(client.updateContact(SOURCE, { email: 'a@b.test', identifier: 'u', identifierHash: '00'.repeat(32) }))).toMatchObject({ kind: 'hmac' });
    expect(await failure(client.updateContact(SOURCE, { email: 'a@b.test' }))).toMatchObject({ kind: 'server' });
  });

  it('toggles typing and updates last seen with empty 200 answers', async () => {
    const { fake, client } = await setup(() => ({ status: 200 }));
    await expect(client.toggleTyping(SOURCE, 42, true)).resolves.toBeUndefined();
    await expect(client.updateLastSeen(SOURCE, 42)).resolves.toBeUndefined();
    expect(fake.requests.map((request) => request.path)).toEqual([
      `${BASE}/contacts/${SOURCE}/conversations/42/toggle_typing`,
      `${BASE}/contacts/${SOURCE}/conversations/42/update_last_seen`,
    ]);
    expect(json(fake.requests[0])).toEqual({ typing_status: 'on' });
  });

  it('lists the messages after an id by paging backwards with before=', async () => {
    // 45 messages on the server, ids 1..45; pages of 20, ascending.
    const page = (before: number) =>
      Array.from({ length: 45 }, (_, i) => message(i + 1))
        .filter((m) => m.id < before)
        .slice(-20);
    const { fake, client } = await setup((request) => {
      const before = new URLSearchParams(request.search).get('before');
      return { status: 200, body: page(before ? Number(before) : 46) };
    });
    const after = await client.listMessagesAfter(SOURCE, 42, { after: 10 });
    expect(after.map((m) => m.id)).toEqual(Array.from({ length: 35 }, (_, i) => i + 11));
    expect(fake.requests.map((request) => request.search)).toEqual(['', '?before=26']);
  });

  it('says a 404 on a conversation means vanished, and on toggle_typing an endpoint missing on an older server', async () => {
    const { client } = await setup(() => ({ status: 404, text: '<html>The page you were looking for does not exist</html>' }));
    const vanished = await failure(client.createMessage(SOURCE, 42, { content: 'x' }));
    expect(vanished).toMatchObject({ kind: 'vanished', vanished: true, retryable: false, status: 404 });
    expect(vanished.message).not.toContain('<html>');
    const missing = await failure(client.toggleTyping(SOURCE, 42, false));
    expect(missing).toMatchObject({ kind: 'missing', endpointMissing: true, vanished: false, retryable: false });
  });

  it('reports a 422 with the server message, and "Too many messages" as retryable', async () => {
    let body: unknown = { message: 'Content is too long (maximum is 150000 characters)', attributes: ['content'] };
    const { client } = await setup(() => ({ status: 422, body }));
    const refused = await failure(client.createMessage(SOURCE, 42, { content: 'x' }));
    expect(refused).toMatchObject({ kind: 'refused', retryable: false, status: 422, serverMessage: 'Content is too long (maximum is 150000 characters)' });
    expect(refused.message).toContain('maximum is 150000');
    body = { error: 'Too many messages' };
    expect(await failure(client.createMessage(SOURCE, 42, { content: 'x' }))).toMatchObject({ kind: 'rate_limited', retryable: true });
  });

  it('reads a 500 on a contacts call with identifier_hash as an HMAC refusal, otherwise as a retryable server error', async () => {
    const { client } = await setup(() => ({ status: 500, text: '<html>We are sorry, but something went wrong.</html>' }));
    const hmac = await failure(client.createContact({ identifier: 'user-1', identifierHash: '00'.repeat(32) }));
    expect(hmac).toMatchObject({ kind: 'hmac', hmacRefused: true, retryable: false, status: 500 });
    expect(await failure(client.createContact({}))).toMatchObject({ kind: 'server', retryable: true });
  });

  it('times out with a retryable error', async () => {
    const { client } = await setup(() => ({ status: 200, body: contact, delayMs: 500 }), 50);
    expect(await failure(client.createContact())).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('refuses an answer that does not match the contract, retryably', async () => {
    const { client } = await setup(() => ({ status: 200, body: { id: 'not-a-number' } }));
    const error = await failure(client.createContact());
    expect(error).toMatchObject({ kind: 'invalid_response', retryable: true });
    expect(error.message).toContain('source_id');
  });

  it('does not follow redirects', async () => {
    const { fake, client } = await setup((request) => (request.path.startsWith('/elsewhere') ? { status: 200, body: contact } : { status: 301, text: '' }));
    expect(await failure(client.createContact())).toMatchObject({ kind: 'redirect', retryable: false, status: 301 });
    expect(fake.requests).toHaveLength(1);
  });

  it('refuses more than 15 attachments before calling the server', async () => {
    const { fake, client } = await setup(() => ({ status: 200, body: message(1) }));
    const files = Array.from({ length: 16 }, (_, i) => ({ data: Buffer.from('x'), name: `${i}.txt`, type: 'text/plain' }));
    expect(await failure(client.createMessage(SOURCE, 42, { attachments: files }))).toMatchObject({ kind: 'refused' });
    expect(fake.requests).toHaveLength(0);
  });

  it('reports an unreachable server as a retryable network error', async () => {
    const fake = await startFakeChatwoot(() => ({ status: 200 }));
    await fake.close();
    const client = createChatwootClient({ baseUrl: fake.url, inboxIdentifier: 'inbox-abc', timeoutMs: 2000 });
    expect(await failure(client.createContact())).toMatchObject({ kind: 'network', retryable: true });
  });
});
