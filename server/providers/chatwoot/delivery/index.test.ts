import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../types.ts';
import { createChatwootClient } from '../client/index.ts';
import { deliverToChatwoot, type ChatwootVisitorState, type DeliverOptions } from './index.ts';
import { contact, conversation, message, startFakeChatwoot, type Recorded, type Scripted } from '../fake-server.testing.ts';

const SOURCE = contact.source_id;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Routes by the last path segment; `override` answers first when it returns something. */
const setup = async (override: (request: Recorded, path: string) => Scripted | undefined = () => undefined) => {
  const fake = await startFakeChatwoot((request) => {
    const path = request.path.replace('/public/api/v1/inboxes/inbox-abc', '');
    const scripted = override(request, path);
    if (scripted) return scripted;
    if (path === '/contacts') return { status: 200, body: contact };
    if (path.endsWith('/conversations')) return { status: 200, body: conversation };
    if (path.endsWith('/messages')) return { status: 200, body: message(4480) };
    return { status: 404, text: '' };
  });
  close = fake.close;
  const client = createChatwootClient({ baseUrl: fake.url, inboxIdentifier: 'inbox-abc', timeoutMs: 2000 });
  const paths = () => fake.requests.map((request) => `${request.method} ${request.path.replace('/public/api/v1/inboxes/inbox-abc', '')}`);
  return { fake, client, paths };
};

const rejection = async (promise: Promise<unknown>): Promise<DeliveryError> => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(error)}`);
  return error;
};

const text = { kind: 'text', text: 'Hello' } as const;

describe('deliverToChatwoot', () => {
  it('creates the contact and the conversation on the first message, then posts it, saving the state as it goes', async () => {
    const { client, paths, fake } = await setup();
    const saved: ChatwootVisitorState[] = [];
    const result = await deliverToChatwoot({ client, state: {}, body: text, echoId: 'c_12345678', contact: { name: 'Ada' }, onState: (s) => void saved.push(s) });
    expect(paths()).toEqual(['POST /contacts', `POST /contacts/${SOURCE}/conversations`, `POST /contacts/${SOURCE}/conversations/42/messages`]);
    expect(result.state).toEqual({ sourceId: SOURCE, pubsubToken: 'pubsub-token-1', contactId: 5, conversationId: 42 });
    expect(result.message.id).toBe(4480);
    expect(saved.at(0)).toEqual({ sourceId: SOURCE, pubsubToken: 'pubsub-token-1', contactId: 5 });
    expect(saved.at(-1)).toEqual(result.state);
    expect(JSON.parse(fake.requests[2]?.body.toString() ?? '')).toEqual({ content: 'Hello', echo_id: 'c_12345678' });
  });

  it('posts straight away for a known visitor', async () => {
    const { client, paths } = await setup();
    const state = { sourceId: SOURCE, pubsubToken: 'pubsub-token-1', contactId: 5, conversationId: 42 };
    const result = await deliverToChatwoot({ client, state, body: { kind: 'postback', title: 'Pricing', payload: 'PRICING' } });
    expect(paths()).toEqual([`POST /contacts/${SOURCE}/conversations/42/messages`]);
    expect(result.state).toEqual(state);
  });

  it('re-creates a vanished conversation with the same source_id and retries the post once', async () => {
    let posts = 0;
    const { client, paths, fake } = await setup((_, path) => (path.endsWith('/messages') && posts++ === 0 ? { status: 404, text: '' } : undefined));
    const state = { sourceId: SOURCE, pubsubToken: 'pubsub-token-1', contactId: 5, conversationId: 41 };
    const result = await deliverToChatwoot({ client, state, body: text });
    expect(paths()).toEqual([
      `POST /contacts/${SOURCE}/conversations/41/messages`,
      'POST /contacts',
      `POST /contacts/${SOURCE}/conversations`,
      `POST /contacts/${SOURCE}/conversations/42/messages`,
    ]);
    expect(JSON.parse(fake.requests[1]?.body.toString() ?? '')).toMatchObject({ source_id: SOURCE });
    expect(result.state.conversationId).toBe(42);
  });

  it('gives up after one recovery with a retryable DeliveryError (nothing is lost)', async () => {
    const { client, paths } = await setup((_, path) => (path.endsWith('/messages') ? { status: 404, text: '' } : undefined));
    const error = await rejection(deliverToChatwoot({ client, state: { sourceId: SOURCE, pubsubToken: 't', conversationId: 42 }, body: text }));
    expect(error).toMatchObject({ retryable: true, status: 404 });
    expect(paths().filter((path) => path.endsWith('/messages'))).toHaveLength(2);
  });

  it('turns a 422 into a final refusal with the server message, and a 503 or a timeout into a retry', async () => {
    let answer: Scripted = { status: 422, body: { message: 'Content is too long' } };
    const { client } = await setup((_, path) => (path.endsWith('/messages') ? answer : undefined));
    const state = { sourceId: SOURCE, pubsubToken: 't', conversationId: 42 };
    expect(await rejection(deliverToChatwoot({ client, state, body: text }))).toMatchObject({
      retryable: false,
      status: 422,
      message: expect.stringContaining('Content is too long'),
    });
    answer = { status: 503, text: 'busy' };
    expect(await rejection(deliverToChatwoot({ client, state, body: text }))).toMatchObject({ retryable: true, status: 503 });
  });

  it('goes on without the identity when the identifier_hash is refused (HTTP 500)', async () => {
    const { client, fake } = await setup((request, path) =>
      path === '/contacts' && request.body.toString().includes('identifier_hash') ? { status: 500, text: '<html></html>' } : undefined,
    );
    const result = await deliverToChatwoot({ client, state: {}, body: text, contact: { identifier: 'user-1', identifierHash: '00'.repeat(32), name: 'Ada' } });
    expect(result.identityRefused).toBe(true);
    expect(JSON.parse(fake.requests[1]?.body.toString() ?? '')).toEqual({ name: 'Ada' });
    expect(result.message.id).toBe(4480);
  });

  it('keeps a contact created before a failure through onState', async () => {
    const { client } = await setup((_, path) => (path.endsWith('/conversations') ? { status: 503, text: '' } : undefined));
    let saved: ChatwootVisitorState = {};
    await rejection(deliverToChatwoot({ client, state: {}, body: text, onState: (s) => void (saved = s) }));
    expect(saved).toEqual({ sourceId: SOURCE, pubsubToken: 'pubsub-token-1', contactId: 5 });
  });

  it('sends an upload as a multipart attachment, and refuses for good when the file is gone', async () => {
    const { client, fake } = await setup();
    const state = { sourceId: SOURCE, pubsubToken: 't', conversationId: 42 };
    const loadFile: DeliverOptions['loadFile'] = async (body) =>
      body.kind === 'attachment' && body.uploadId === 'u_1' ? { data: Buffer.from('%PDF-1.4'), name: 'a.pdf', type: 'application/pdf' } : undefined;
    await deliverToChatwoot({ client, state, body: { kind: 'attachment', uploadId: 'u_1' }, loadFile });
    expect(String(fake.requests[0]?.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    expect(fake.requests[0]?.body.toString()).toContain('name="attachments[]"; filename="a.pdf"');
    const gone = await rejection(deliverToChatwoot({ client, state, body: { kind: 'attachment', uploadId: 'u_2' }, loadFile }));
    expect(gone.retryable).toBe(false);
  });

  it('refuses kinds a visitor cannot send, without calling the server', async () => {
    const { client, paths } = await setup();
    const error = await rejection(deliverToChatwoot({ client, state: {}, body: { kind: 'unsupported', summary: 'x' } }));
    expect(error.retryable).toBe(false);
    expect(paths()).toEqual([]);
  });
});
