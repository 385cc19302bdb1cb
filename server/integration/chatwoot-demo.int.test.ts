import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/protocol/index.ts';
import { createChatwootStandin, type ChatwootStandin } from '../standins/chatwoot/index.ts';
import { MENU } from '../standins/chatwoot/demo-agent.ts';
import { eventually, startChatwootHarness, type ChatwootHarness } from './chatwoot-harness.testing.ts';
import type { ReceivedEvent } from './sse-client.testing.ts';

const shown = (events: ReceivedEvent[]) => events.filter((e) => e.event === 'message').map((e) => e.data as Message);

describe('demo mode with the Chatwoot stand-in (CHATPORT_DEMO_PROVIDER=chatwoot)', () => {
  let h: ChatwootHarness;
  let standin: ChatwootStandin | undefined;
  afterEach(async () => {
    await h?.close();
    await standin?.close();
    standin = undefined;
  });

  it('the demo agent answers "You said: …" with the menu, and the menu\'s "A form" with a form', async () => {
    h = await startChatwootHarness({ wiring: 'demo' });
    expect(h.started.config.chatwoot).toMatchObject({ url: h.standin.url, signatureMode: 'upstream', realtime: 'webhook' });
    const { token } = await h.session();
    const stream = await h.stream(token);
    await h.send(token, 'hello demo');
    const menu = await stream.waitFor((events) => shown(events).find((m) => m.body.kind === 'select'));
    expect(menu.body).toEqual({ kind: 'select', text: 'What would you like to see?', options: MENU });
    expect(shown(stream.events).map((m) => (m.body.kind === 'text' ? `${m.author}:${m.body.text}` : `${m.author}:${m.body.kind}`))).toEqual([
      'visitor:hello demo',
      'agent:You said: hello demo',
      'agent:select',
    ]);
    // The agent typed before answering (and stopped: the answer turns the indicator off).
    const typing = stream.events.filter((e) => e.event === 'typing').map((e) => e.data);
    expect(typing).toContainEqual({ on: true });
    expect(typing.at(-1)).toEqual({ on: false });

    const choice = MENU.find((item) => item.value === 'form')!;
    expect((await h.answer(token, menu.id, choice.title, { type: 'select', choices: [choice] })).status).toBe(201);
    const form = await stream.waitFor((events) => shown(events).find((m) => m.body.kind === 'form'));
    expect(form.body).toMatchObject({ kind: 'form', text: 'Tell us about your request', submitLabel: 'Send request' });
    expect(form.body.kind === 'form' && form.body.fields.map((f) => f.name)).toEqual(['name', 'email', 'order', 'topic', 'details']);
    // The menu came back answered, in its place.
    const answered = shown(stream.events).find((m) => m.replaces === menu.id);
    expect(answered?.body).toMatchObject({ kind: 'select', answer: [choice] });

    // Submitting the form gets a thank-you.
    const fields = [
      { name: 'name', value: 'Ada' },
      { name: 'email', value: 'ada@example.com' },
    ];
    expect((await h.answer(token, form.id, 'Ada', { type: 'form', fields })).status).toBe(201);
    await stream.waitFor((events) => shown(events).some((m) => m.body.kind === 'text' && m.body.text === 'Thank you! We got it.'));
    await stream.close();
  });

  it('with a stand-in passed in, no demo agent runs: the test is the agent', async () => {
    standin = await createChatwootStandin();
    h = await startChatwootHarness({ wiring: 'demo', standin });
    expect(h.standin).toBe(standin);
    const { token, visitorId } = await h.session();
    const stream = await h.stream(token);
    await h.send(token, 'anyone?');
    const conversation = await h.conversationOf(visitorId);
    await eventually(() => h.standinMessages(conversation.id, 0).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.standinMessages(conversation.id, 1)).toEqual([]);
    // Callbacks are signed with the secret the relay gave the stand-in, and accepted.
    const { callback } = await h.standin.agentSay(conversation.id, { content: 'I am the test' });
    expect(callback.headers['x-chatwoot-signature']).toMatch(/^sha256=/);
    expect(callback.status).toBe(200);
    await stream.waitFor((events) => shown(events).some((m) => m.body.kind === 'text' && m.body.text === 'I am the test'));
    await stream.close();
    // The relay leaves a stand-in it was given running.
    await h.close();
    expect((await fetch(`${standin.publicUrl}`)).status).toBe(200);
  });
});
