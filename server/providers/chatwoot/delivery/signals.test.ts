import { afterEach, describe, expect, it } from 'vitest';
import { createChatwootClient } from '../client/index.ts';
import { markSeen, sendTyping } from './index.ts';
import { ChatwootError } from '../client/errors.ts';
import { startFakeChatwoot, type Scripted } from '../fake-server.testing.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const setup = async (answer: Scripted) => {
  const fake = await startFakeChatwoot(() => answer);
  close = fake.close;
  const client = createChatwootClient({ baseUrl: fake.url, inboxIdentifier: 'inbox-abc', timeoutMs: 2000 });
  const paths = () => fake.requests.map((request) => `${request.method} ${request.path.replace('/public/api/v1/inboxes/inbox-abc', '')} ${request.body.toString()}`.trim());
  return { client, paths };
};

const state = { sourceId: 'src-1', pubsubToken: 't', conversationId: 42 };

describe('sendTyping and markSeen', () => {
  it('send toggle_typing on/off and update_last_seen for a visitor with a conversation', async () => {
    const { client, paths } = await setup({ status: 200 });
    expect(await sendTyping(client, state, true)).toBe('sent');
    expect(await sendTyping(client, state, false)).toBe('sent');
    expect(await markSeen(client, state)).toBe('sent');
    expect(paths()).toEqual([
      'POST /contacts/src-1/conversations/42/toggle_typing {"typing_status":"on"}',
      'POST /contacts/src-1/conversations/42/toggle_typing {"typing_status":"off"}',
      'POST /contacts/src-1/conversations/42/update_last_seen',
    ]);
  });

  it('do nothing before the visitor has a contact and a conversation', async () => {
    const { client, paths } = await setup({ status: 200 });
    expect(await sendTyping(client, {}, true)).toBe('skipped');
    expect(await markSeen(client, { sourceId: 'src-1' })).toBe('skipped');
    expect(paths()).toEqual([]);
  });

  it('answer unavailable on a 404 (older servers), and throw other failures', async () => {
    const missing = await setup({ status: 404, text: '<html></html>' });
    expect(await sendTyping(missing.client, state, true)).toBe('unavailable');
    expect(await markSeen(missing.client, state)).toBe('unavailable');
    await close?.();
    const broken = await setup({ status: 503, text: 'busy' });
    await expect(markSeen(broken.client, state)).rejects.toBeInstanceOf(ChatwootError);
    await expect(sendTyping(broken.client, state, true)).rejects.toMatchObject({ kind: 'server', retryable: true });
  });
});
