import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { identifierHash, type ChatwootStandinOptions } from './index.ts';
import { call, standinPerTest } from './standin.testing.ts';

const hex = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

describe('chatwoot stand-in', () => {
  const start = standinPerTest(afterEach);

  const setup = async (options: ChatwootStandinOptions = {}) => {
    const { receiver, standin } = await start({ webhookSecret: 'inbox-secret', ...options });
    const api = standin.publicUrl;
    const contact = await call(`${api}/contacts`, 'POST', { name: 'Ada', email: 'ada@example.test' });
    const conversation = await call(`${api}/contacts/${contact.json.source_id}/conversations`, 'POST', {});
    const conv = `${api}/contacts/${contact.json.source_id}/conversations/${conversation.json.id}`;
    return { standin, receiver, api, contact: contact.json, conversation: conversation.json, conv };
  };

  it('creates contact, conversation and message, and lists them in the contract shapes', async () => {
    const { standin, receiver, contact, conversation, conv } = await setup();
    expect(contact).toEqual({ source_id: expect.any(String), pubsub_token: expect.any(String), id: 1, name: 'Ada', email: 'ada@example.test', phone_number: null });
    expect(conversation).toMatchObject({ id: 1, inbox_id: 1, status: 'open', contact_last_seen_at: 0, messages: [], contact: { id: 1, name: 'Ada' } });
    const sent = await call(`${conv}/messages`, 'POST', { content: 'Hello', echo_id: 'e1' });
    expect(sent.json).toMatchObject({ id: 1, content: 'Hello', message_type: 0, content_type: 'text', conversation_id: 1, sender: { type: 'contact', id: 1 } });
    expect(sent.json).not.toHaveProperty('attachments');
    await standin.agentSay(1, { content: 'Hi Ada' });
    await standin.agentSay(1, { content: 'internal note', private: true });
    const list = await call(`${conv}/messages`, 'GET');
    expect(list.json.map((m: { content: string; message_type: number }) => [m.content, m.message_type])).toEqual([
      ['Hello', 0],
      ['Hi Ada', 1],
    ]);
    expect((await call(`${conv.replace(/\/conversations\/1$/, '/conversations')}`, 'GET')).json).toHaveLength(1);
    // Re-creating with the same source_id finds the same contact.
    expect((await call(`${standin.publicUrl}/contacts`, 'POST', { source_id: contact.source_id })).json.id).toBe(1);
    await standin.settle();
    expect(receiver.events()).toEqual(['conversation_created', 'message_created', 'message_created', 'message_created']);
    const echo = receiver.calls[1]!.json;
    expect(echo).toMatchObject({ message_type: 'incoming', content: 'Hello', conversation: { id: 1, contact_inbox: { source_id: contact.source_id } } });
    expect(receiver.calls[3]!.json).toMatchObject({ private: true, message_type: 'outgoing' });
  });

  it('lists the latest 20 messages ascending and pages with before; shows the inbox', async () => {
    const { standin, conv } = await setup();
    for (let i = 1; i <= 25; i++) await call(`${conv}/messages`, 'POST', { content: `m${i}` });
    const latest = (await call(`${conv}/messages`, 'GET')).json as { id: number; content: string }[];
    expect(latest.map((m) => m.content)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i + 6}`));
    const earlier = (await call(`${conv}/messages?before=${latest[0]!.id}`, 'GET')).json as { content: string }[];
    expect(earlier.map((m) => m.content)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect((await call(standin.publicUrl, 'GET')).json).toMatchObject({ identifier: standin.inboxIdentifier, identity_validation_enabled: false });
  });

  it('answers 404 for unknown inbox, contact, conversation and message', async () => {
    const { standin, api, contact, conv } = await setup();
    expect((await call(`${standin.url}/public/api/v1/inboxes/nope/contacts`, 'POST', {})).status).toBe(404);
    expect((await call(`${api}/contacts/unknown`, 'GET')).status).toBe(404);
    expect((await call(`${api}/contacts/${contact.source_id}/conversations/99/messages`, 'GET')).status).toBe(404);
    expect((await call(`${conv}/messages/42`, 'PATCH', { submitted_values: {} })).status).toBe(404);
  });

  it('stores a multipart attachment and serves the same bytes at data_url', async () => {
    const { standin, receiver, conv } = await setup();
    const bytes = new Uint8Array([137, 80, 78, 71, 0, 1, 2, 255]);
    const form = new FormData();
    form.append('content', 'a picture');
    form.append('attachments[]', new Blob([bytes], { type: 'image/png' }), 'dot.png');
    const response = await fetch(`${conv}/messages`, { method: 'POST', body: form });
    const message = (await response.json()) as { attachments: { data_url: string; thumb_url: string; file_type: string; file_size: number; extension: string }[] };
    expect(message.attachments).toHaveLength(1);
    const [attachment] = message.attachments;
    expect(attachment).toMatchObject({ file_type: 'image', file_size: 8, extension: 'png', content_type: 'image/png' });
    const redirect = await fetch(attachment!.data_url, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    const file = await fetch(attachment!.data_url);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    expect(new Uint8Array(await (await fetch(attachment!.thumb_url)).arrayBuffer())).toEqual(bytes);
    expect(standin.received.at(-1)?.parts).toEqual([
      { name: 'content', value: 'a picture' },
      { name: 'attachments[]', filename: 'dot.png', contentType: 'image/png', size: 8 },
    ]);
    await standin.settle();
    expect(receiver.calls.at(-1)!.json).toMatchObject({ event: 'message_created', attachments: [{ file_type: 'image', data_url: attachment!.data_url }] });
  });

  it('an agent can send attachments; PATCH submitted_values stores them and emits message_updated', async () => {
    const { standin, receiver, conv } = await setup();
    const items = [
      { title: 'Yes', value: 'yes' },
      { title: 'No', value: 'no' },
    ];
    const { message } = await standin.agentSay(1, {
      content: 'Continue?',
      content_type: 'input_select',
      content_attributes: { items },
      attachments: [{ name: 'a.txt', contentType: 'text/plain', data: Buffer.from('hi') }],
    });
    expect(message).toMatchObject({ message_type: 1, content_type: 'input_select', sender: { type: 'user' }, attachments: [{ file_type: 'file', file_size: 2 }] });
    const patched = await call(`${conv}/messages/${message.id}`, 'PATCH', { submitted_values: [{ title: 'Yes', value: 'yes' }] });
    expect(patched.json.content_attributes).toEqual({ items, submitted_values: [{ title: 'Yes', value: 'yes' }] });
    await standin.settle();
    const updated = receiver.calls.find((c) => c.json['event'] === 'message_updated');
    expect(updated?.json).toMatchObject({ id: message.id, message_type: 'outgoing', content_attributes: { submitted_values: [{ title: 'Yes', value: 'yes' }] } });
  });

  it('signs callbacks per mode: upstream (timestamp.body), body-only, off', async () => {
    const upstream = await setup();
    await upstream.standin.agentSay(1, { content: 'x' });
    await upstream.standin.settle();
    const signed = upstream.receiver.calls.at(-1)!;
    const ts = String(signed.headers['x-chatwoot-timestamp']);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(300);
    expect(signed.headers['x-chatwoot-signature']).toBe(`sha256=${hex('inbox-secret', `${ts}.${signed.raw}`)}`);
    expect(signed.headers['x-chatwoot-delivery']).toMatch(/^[0-9a-f-]{36}$/);

    const body = await setup({ signatureMode: 'body', webhookSecret: undefined, hmacToken: 'fork-token' });
    await body.standin.typing(1, true);
    await body.standin.settle();
    const forked = body.receiver.calls.at(-1)!;
    expect(forked.json).toMatchObject({ event: 'conversation_typing_on', user: { type: 'user' }, is_private: false, conversation: { id: 1 } });
    expect(forked.headers['x-chatwoot-signature']).toBe(`sha256=${hex('fork-token', forked.raw)}`);
    expect(forked.headers['x-chatwoot-timestamp']).toBeUndefined();

    const off = await setup({ signatureMode: 'off' });
    const said = await off.standin.agentSay(1, { content: 'y' });
    await off.standin.update(said.message.id, { content: 'edited' });
    await off.standin.settle();
    expect(off.receiver.calls.at(-1)!.json).toMatchObject({ event: 'message_updated', content: 'edited' });
    expect(off.receiver.calls.at(-1)!.headers['x-chatwoot-signature']).toBeUndefined();
  });

  it('a failed message callback marks the message failed', async () => {
    const { standin } = await setup();
    standin.setWebhook({ url: 'http://127.0.0.1:9/closed' });
    const { callback } = await standin.agentSay(1, { content: 'lost' });
    expect(callback.error).toBeDefined();
    expect(standin.messages.at(-1)).toMatchObject({ status: 'failed', content_attributes: { external_error: callback.error } });
  });

  it('answers queued faults in order, then normally again', async () => {
    const { standin, conv } = await setup();
    standin.faults.push({ kind: 'status', status: 503 }, { kind: 'reset' }, { kind: 'hang' });
    expect((await call(`${conv}/messages`, 'GET')).status).toBe(503);
    await expect(call(`${conv}/messages`, 'GET')).rejects.toThrow();
    await expect(fetch(`${conv}/messages`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect((await call(`${conv}/messages`, 'GET')).status).toBe(200);
    expect(standin.faults).toEqual([]);
  });

  it("gives message faults to the visitor's messages and answers only; while down answers and records nothing", async () => {
    const { standin, conv } = await setup();
    standin.messageFaults.push({ kind: 'status', status: 503 }, { kind: 'status', status: 500 });
    // Typing and reading pass untouched; the message and then the answer each take one.
    expect((await call(`${conv}/toggle_typing`, 'POST', { typing_status: 'on' })).status).toBe(200);
    expect((await call(`${conv}/update_last_seen`, 'POST')).status).toBe(200);
    expect((await call(`${conv}/messages`, 'POST', { content: 'refused' })).status).toBe(503);
    const { message } = await standin.agentSay(1, { content: 'Pick one', content_type: 'input_select', content_attributes: { items: [{ title: 'A', value: 'a' }] } });
    expect((await call(`${conv}/messages/${message.id}`, 'PATCH', { submitted_values: [{ title: 'A', value: 'a' }] })).status).toBe(500);
    expect(standin.messageFaults).toEqual([]);
    expect((await call(`${conv}/messages`, 'POST', { content: 'taken' })).status).toBe(200);
    expect(standin.messages.filter((m) => m.message_type === 0).map((m) => m.content)).toEqual(['taken']);

    const recorded = standin.received.length;
    standin.setDown(true);
    await expect(call(`${conv}/messages`, 'POST', { content: 'into the void' })).rejects.toThrow();
    await expect(call(conv, 'GET')).rejects.toThrow();
    expect(standin.received).toHaveLength(recorded);
    standin.setDown(false);
    expect((await call(`${conv}/messages`, 'POST', { content: 'back' })).status).toBe(200);
    expect(standin.messages.filter((m) => m.message_type === 0).map((m) => m.content)).toEqual(['taken', 'back']);
  });

  it('checks the identity pair: 500 on a bad hash, verified on GET with a good one', async () => {
    const { standin, api } = await setup({ hmacToken: 'identity-key' });
    const good = { identifier: 'user-9', identifier_hash: identifierHash('identity-key', 'user-9') };
    expect((await call(`${api}/contacts`, 'POST', { identifier: 'user-9', identifier_hash: 'f'.repeat(64) })).status).toBe(500);
    const created = await call(`${api}/contacts`, 'POST', good);
    expect(created.status).toBe(200);
    expect(standin.contactInboxes.at(-1)?.hmac_verified).toBe(false); // create only checks
    const query = new URLSearchParams(good).toString();
    expect((await call(`${api}/contacts/${created.json.source_id}?${query}`, 'GET')).status).toBe(200);
    expect(standin.contactInboxes.at(-1)?.hmac_verified).toBe(true);
    expect((await call(`${api}/contacts/${created.json.source_id}?identifier=user-9&identifier_hash=bad`, 'GET')).status).toBe(500);
  });

  it('typing, last seen, resolve and reopen by a new message', async () => {
    const { standin, receiver, conv } = await setup();
    await standin.agentSay(1, { content: 'read me' });
    expect((await call(`${conv}/toggle_typing`, 'POST', { typing_status: 'on' })).status).toBe(200);
    expect((await call(`${conv}/update_last_seen`, 'POST')).status).toBe(200);
    expect(standin.messages.at(-1)?.status).toBe('read');
    expect((await call(`${conv}/toggle_status`, 'POST')).json.status).toBe('resolved');
    await call(`${conv}/messages`, 'POST', { content: 'again' });
    expect((await call(conv, 'GET')).json.status).toBe('open');
    await standin.settle();
    const typing = receiver.calls.find((c) => c.json['event'] === 'conversation_typing_on');
    expect(typing?.json['user']).not.toHaveProperty('type'); // the visitor's own typing: contact user, no type
    const changes = receiver.calls.filter((c) => c.json['event'] === 'conversation_status_changed').map((c) => c.json['changed_attributes']);
    expect(changes).toEqual([[{ status: { previous_value: 'open', current_value: 'resolved' } }], [{ status: { previous_value: 'resolved', current_value: 'open' } }]]);
  });
});
