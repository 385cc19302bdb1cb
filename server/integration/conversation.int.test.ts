import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryResponse, InboxResponse, Message } from '../../src/protocol/index.ts';
import type { WorkingHoursEntry } from '../standins/chatwoot/index.ts';
import { eventually, startChatwootHarness, type ChatwootHarness } from './chatwoot-harness.testing.ts';
import { SITE_ORIGIN, startHarness, type Harness } from './harness.testing.ts';
import { relayApi } from './relay-api.testing.ts';

// What the relay gives the widget's conversation: who wrote a reply, read marks, the inbox's welcome and hours, the
// reply sound.

const weekdays = (open: [number, number], close: [number, number]): WorkingHoursEntry[] =>
  [0, 1, 2, 3, 4, 5, 6].map((day) => ({
    day_of_week: day,
    closed_all_day: day === 0 || day === 6,
    open_all_day: false,
    open_hour: day === 0 || day === 6 ? null : open[0],
    open_minutes: day === 0 || day === 6 ? null : open[1],
    close_hour: day === 0 || day === 6 ? null : close[0],
    close_minutes: day === 0 || day === 6 ? null : close[1],
  }));

describe('GET /v1/inbox', () => {
  let h: Harness | ChatwootHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('says nothing for UChat, publicly, cacheably, to the site’s origin', async () => {
    h = await startHarness();
    const answer = await fetch(`${h.url}/v1/inbox`, { headers: { origin: SITE_ORIGIN } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({});
    expect(answer.headers.get('cache-control')).toBe('public, max-age=300');
    expect(answer.headers.get('access-control-allow-origin')).toBe(SITE_ORIGIN);
  });

  it('gives the Chatwoot inbox’s name and working hours, asked of Chatwoot once for many visitors', async () => {
    const chatwoot = (h = await startChatwootHarness());
    chatwoot.standin.setInbox({ timezone: 'Europe/Berlin', working_hours_enabled: true, working_hours: weekdays([9, 0], [17, 30]) });
    const api = relayApi(chatwoot.url);
    const answers = await Promise.all([1, 2, 3].map(() => api<InboxResponse>('/v1/inbox')));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[0]!.json).toEqual({
      name: 'Website (API)',
      hours: { timezone: 'Europe/Berlin', windows: [1, 2, 3, 4, 5].map((day) => ({ day, from: 540, to: 1050 })) },
    });
    expect(answers[2]!.json).toEqual(answers[0]!.json);
    expect((await api<InboxResponse>('/v1/inbox')).json).toEqual(answers[0]!.json);
    const asked = chatwoot.standin.received.filter((r) => r.method === 'GET' && r.path === `/public/api/v1/inboxes/${chatwoot.standin.inboxIdentifier}`);
    expect(asked).toHaveLength(1);
  });

  it('answers {} and logs when Chatwoot cannot say, without a platform detail in the answer', async () => {
    const chatwoot = (h = await startChatwootHarness());
    chatwoot.standin.faults.push({ kind: 'status', status: 502 });
    const answer = await relayApi(chatwoot.url)<InboxResponse>('/v1/inbox');
    expect([answer.status, answer.json]).toEqual([200, {}]);
    await eventually(() => chatwoot.logs.some((line) => line.includes('inbox.read_failed')));
  });
});

describe('reply senders and read marks from Chatwoot', () => {
  let h: ChatwootHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const ready = async (chatwoot: ChatwootHarness) => {
    const { token, visitorId } = await chatwoot.session();
    const stream = await chatwoot.stream(token);
    await chatwoot.send(token, 'hello');
    const conversation = await chatwoot.conversationOf(visitorId);
    await eventually(() => chatwoot.standinMessages(conversation.id, 0).length === 1);
    const history = async () => (await relayApi(chatwoot.url)<HistoryResponse>('/v1/messages?limit=50', { token })).json;
    await eventually(async () => (await history()).deliveredSeq === 1);
    return { token, stream, conversation, history };
  };

  it('names the agent on their replies, with their picture where the payload has one (the cable), by name over the webhook', async () => {
    h = await startChatwootHarness();
    const hook = await ready(h);
    await h.standin.agentSay(hook.conversation.id, { content: 'Jane here' });
    const byWebhook = await eventually(async () => (await hook.history()).messages.find((m) => m.author === 'agent'));
    expect(byWebhook.sender).toEqual({ name: 'Demo Agent' });
    await hook.stream.close();
    await h.close();

    h = await startChatwootHarness({ realtime: 'cable' });
    const cable = await ready(h);
    await eventually(() => h!.standin.cableConnections() > 0);
    await h.standin.agentSay(cable.conversation.id, { content: 'Jane here too' });
    const byCable = await eventually(async () => (await cable.history()).messages.find((m: Message) => m.author === 'agent'));
    expect(byCable.sender).toEqual({ name: 'Demo Agent', avatarUrl: `${h.standin.url}/avatars/agent.png` });
    const picture = await fetch(byCable.sender!.avatarUrl!);
    expect([picture.status, picture.headers.get('content-type')]).toEqual([200, 'image/png']);
    await cable.stream.close();
  });

  it('marks the visitor’s messages read once the agent looked, on the stream and in history; nothing before', async () => {
    h = await startChatwootHarness();
    const { stream, conversation, history } = await ready(h);
    // An answer without a look (agent_last_seen_at 0): no read mark.
    await h.standin.agentSay(conversation.id, { content: 'auto answer' });
    await eventually(async () => (await history()).messages.length === 2);
    expect((await history()).readSeq).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the look comes a second later (Chatwoot counts seconds)
    h.standin.agentSee(conversation.id);
    await h.standin.agentSay(conversation.id, { content: 'Jane has read it' });
    await stream.waitFor((events) => events.some((e) => e.event === 'status' && (e.data as { readSeq?: number }).readSeq === 1));
    expect((await history()).readSeq).toBe(1);
    await stream.close();
  });
});

describe('GET /sounds/message.wav', () => {
  let h: Harness | undefined;
  afterEach(async () => h?.close());

  it('is a tiny WAV file, cacheable, for the widget’s optional reply sound', async () => {
    h = await startHarness();
    const answer = await fetch(`${h.url}/sounds/message.wav`);
    const bytes = Buffer.from(await answer.arrayBuffer());
    expect([answer.status, answer.headers.get('content-type'), answer.headers.get('cache-control')]).toEqual([200, 'audio/wav', 'public, max-age=86400']);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('WAVE');
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.length).toBeLessThan(4096);
  });
});
