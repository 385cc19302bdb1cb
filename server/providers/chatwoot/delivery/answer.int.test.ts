import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerValues, OutgoingBody } from '../../../../src/protocol/index.ts';
import { identifierHash, type ChatwootStandinOptions } from '../../../standins/chatwoot/index.ts';
import { standinPerTest } from '../../../standins/chatwoot/standin.testing.ts';
import { DeliveryError } from '../../types.ts';
import { createChatwootClient } from '../client/index.ts';
import { chatwootMessageId, deliverToChatwoot, type ChatwootVisitorState } from './index.ts';
import { parseCallback } from '../parse.ts';

const start = standinPerTest(afterEach);

/** A visitor who wrote once (contact + conversation exist), against the stand-in with its callbacks recorded. */
const setup = async (options: ChatwootStandinOptions = {}) => {
  const { receiver, standin } = await start(options);
  const client = createChatwootClient({ baseUrl: standin.url, inboxIdentifier: standin.inboxIdentifier, timeoutMs: 2000 });
  const { state } = await deliverToChatwoot({ client, state: {}, body: { kind: 'text', text: 'Hello' } });
  const ask = async (content_type: string, content_attributes: Record<string, unknown>, message_type: 1 | 3 = 1) =>
    (await standin.agentSay(state.conversationId!, { content: 'Question', content_type, content_attributes, message_type })).message.id;
  /** The question as the relay reads the last message_updated callback. */
  const lastUpdate = async () => {
    await standin.settle();
    const update = receiver.calls.filter((c) => c.json['event'] === 'message_updated').at(-1);
    const parsed = update && parseCallback(update.raw);
    return parsed?.ok ? parsed.messages[0] : undefined;
  };
  return { standin, client, state, ask, lastUpdate };
};

const answer = (to: number, text: string, values: AnswerValues): Extract<OutgoingBody, { kind: 'answer' }> => ({ kind: 'answer', to: String(to), text, values });

const rejection = async (promise: Promise<unknown>): Promise<DeliveryError> => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(error)}`);
  return error;
};

describe('deliverToChatwoot: answers, against the stand-in', () => {
  it('select: PATCH submitted_values [{title, value}]; the relay then reads the question as answered', async () => {
    const { standin, client, state, ask, lastUpdate } = await setup();
    const id = await ask('input_select', {
      items: [
        { title: 'Sales', value: 'sales' },
        { title: 'Support', value: 'support' },
      ],
    });
    const result = await deliverToChatwoot({ client, state, body: answer(id, 'Support', { type: 'select', choices: [{ title: 'Support', value: 'support' }] }), answerTo: id });
    expect(result).toMatchObject({ state, identityRefused: false, message: { id, content_attributes: { submitted_values: [{ title: 'Support', value: 'support' }] } } });
    expect(standin.received.at(-1)).toMatchObject({ method: 'PATCH', body: { submitted_values: [{ title: 'Support', value: 'support' }] } });
    expect(await lastUpdate()).toMatchObject({ id, update: true, body: { kind: 'select', answer: [{ title: 'Support', value: 'support' }] } });
  });

  it('form: PATCH submitted_values [{name, value}]', async () => {
    const { client, state, ask, lastUpdate } = await setup();
    const id = await ask('form', {
      items: [
        { name: 'email', label: 'Email', type: 'email' },
        { name: 'note', label: 'Note', type: 'text_area' },
      ],
    });
    const fields = [
      { name: 'email', value: 'ada@example.test' },
      { name: 'note', value: 'Call me after 5' },
    ];
    await deliverToChatwoot({ client, state, body: answer(id, 'Email: ada@example.test', { type: 'form', fields }), answerTo: id });
    expect(await lastUpdate()).toMatchObject({ id, body: { kind: 'form', answer: fields } });
  });

  it('csat: PATCH submitted_values {csat_survey_response: {rating, feedback_message}}', async () => {
    const { standin, client, state, ask, lastUpdate } = await setup();
    const id = await ask('input_csat', { display_type: 'star' }, 3);
    await deliverToChatwoot({ client, state, body: answer(id, '★★★★★', { type: 'csat', rating: 5, feedback: 'Great help' }), answerTo: id });
    expect(standin.received.at(-1)?.body).toEqual({ submitted_values: { csat_survey_response: { rating: 5, feedback_message: 'Great help' } } });
    expect(await lastUpdate()).toMatchObject({ id, body: { kind: 'csat', display: 'star', answer: { rating: 5, feedback: 'Great help' } } });
    const plain = await ask('input_csat', {}, 3);
    await deliverToChatwoot({ client, state, body: answer(plain, '★★', { type: 'csat', rating: 2 }), answerTo: plain });
    expect(standin.received.at(-1)?.body).toEqual({ submitted_values: { csat_survey_response: { rating: 2, feedback_message: '' } } });
  });

  it('email: sets the contact’s email, then PATCH submitted_values [{title: email, value: email}]', async () => {
    const { standin, client, state, ask, lastUpdate } = await setup();
    const id = await ask('input_email', {}, 3);
    await deliverToChatwoot({ client, state, body: answer(id, 'ada@example.test', { type: 'email', email: 'ada@example.test' }), answerTo: id });
    expect(standin.received.slice(-2).map((r) => [r.method, r.path.split('/').slice(-2).join('/'), r.body])).toEqual([
      ['PATCH', `contacts/${state.sourceId}`, { email: 'ada@example.test' }],
      ['PATCH', `messages/${id}`, { submitted_values: [{ title: 'ada@example.test', value: 'ada@example.test' }] }],
    ]);
    expect(standin.contacts[0]?.email).toBe('ada@example.test');
    expect(await lastUpdate()).toMatchObject({ id, body: { kind: 'email', answer: 'ada@example.test' } });
  });

  it('email of an identified visitor: the identity goes along; a refused hash is dropped and the answer still goes', async () => {
    const { standin, client, state, ask } = await setup({ hmacToken: 'identity-key' });
    const id = await ask('input_email', {}, 3);
    const good = { identifier: 'user-1', identifierHash: identifierHash('identity-key', 'user-1') };
    const first = await deliverToChatwoot({ client, state, contact: good, body: answer(id, 'a@example.test', { type: 'email', email: 'a@example.test' }), answerTo: id });
    expect(first.identityRefused).toBe(false);
    expect(standin.contactInboxes[0]?.hmac_verified).toBe(true);
    const bad = { identifier: 'user-1', identifierHash: '0'.repeat(64) };
    const second = await deliverToChatwoot({ client, state, contact: bad, body: answer(id, 'b@example.test', { type: 'email', email: 'b@example.test' }), answerTo: id });
    expect(second.identityRefused).toBe(true);
    expect(standin.contacts[0]?.email).toBe('b@example.test');
  });

  it('a CSAT older than 14 days is refused for good, with a clear message', async () => {
    const { standin, client, state, ask } = await setup();
    const id = await ask('input_csat', {}, 3);
    standin.messages.find((m) => m.id === id)!.created_at -= 15 * 24 * 3600;
    const error = await rejection(deliverToChatwoot({ client, state, body: answer(id, '★★★', { type: 'csat', rating: 3 }), answerTo: id }));
    expect(error).toMatchObject({ retryable: false, status: 422 });
    expect(error.message).toContain('14 days');
    expect(error.message).toContain('You cannot update the CSAT survey after 14 days');
  });

  it('refuses for good: a 422 on the contact, an unknown question, no question id, no conversation yet', async () => {
    const { standin, client, state, ask } = await setup();
    const id = await ask('input_email', {}, 3);
    const email = (address: string) => answer(id, address, { type: 'email', email: address });
    const invalid = await rejection(deliverToChatwoot({ client, state, body: email('not-an-address'), answerTo: id }));
    expect(invalid).toMatchObject({ retryable: false, status: 422, message: expect.stringContaining('Email Invalid email') });
    const gone = await rejection(deliverToChatwoot({ client, state, body: answer(999, 'A', { type: 'select', choices: [{ title: 'A', value: 'a' }] }), answerTo: 999 }));
    expect(gone).toMatchObject({ retryable: false, status: 404 });
    const calls = standin.received.length;
    expect(await rejection(deliverToChatwoot({ client, state, body: email('a@example.test') }))).toMatchObject({
      retryable: false,
      message: expect.stringContaining('no message id'),
    });
    const fresh: ChatwootVisitorState = {};
    expect(await rejection(deliverToChatwoot({ client, state: fresh, body: email('a@example.test'), answerTo: id }))).toMatchObject({ retryable: false });
    expect(standin.received.length).toBe(calls);
  });

  it('a server error is retried later', async () => {
    const { standin, client, state, ask } = await setup();
    const id = await ask('input_select', { items: [{ title: 'A', value: 'a' }] });
    standin.faults.push({ kind: 'status', status: 503 });
    const error = await rejection(deliverToChatwoot({ client, state, body: answer(id, 'A', { type: 'select', choices: [{ title: 'A', value: 'a' }] }), answerTo: id }));
    expect(error).toMatchObject({ retryable: true, status: 503 });
  });
});

describe('chatwootMessageId', () => {
  it('reads <id> and <id>:<part>, nothing else', () => {
    expect(chatwootMessageId('4479')).toBe(4479);
    expect(chatwootMessageId('4479:2')).toBe(4479);
    for (const bad of [undefined, '', 'm_1', '12a', '-1', '1:x', '1e3', '9'.repeat(16)]) expect(chatwootMessageId(bad)).toBeUndefined();
  });
});
