import { afterEach, describe, expect, it } from 'vitest';
import { toBodies } from '../../providers/chatwoot/content/index.ts';
import { MENU, startDemoAgent } from './demo-agent.ts';
import { createChatwootStandin } from './index.ts';
import { call } from './standin.testing.ts';

type Standin = Awaited<ReturnType<typeof createChatwootStandin>>;

const waitFor = async <T>(pick: () => T | undefined | false, timeoutMs = 3000): Promise<T> => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = pick();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("the Chatwoot stand-in's demo agent", () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });

  /** A stand-in with the agent and a visitor's conversation, through the public API as the relay would make it. */
  const setup = async (options: Parameters<typeof startDemoAgent>[1] = {}) => {
    const standin = await createChatwootStandin();
    cleanup.push(standin.close);
    const agent = startDemoAgent(standin, options);
    cleanup.push(agent.stop);
    const contact = await call(`${standin.publicUrl}/contacts`, 'POST', { source_id: 'visitor-1' });
    const conversation = (await call(`${standin.publicUrl}/contacts/${contact.json.source_id}/conversations`, 'POST', {})).json as { id: number };
    const base = `${standin.publicUrl}/contacts/visitor-1/conversations/${conversation.id}`;
    const agentMessages = () => standin.messages.filter((m) => m.conversation_id === conversation.id && m.message_type !== 0);
    const write = (content: string) => call(`${base}/messages`, 'POST', { content });
    const choose = (messageId: number, value: string) => call(`${base}/messages/${messageId}`, 'PATCH', { submitted_values: [{ title: value, value }] });
    return { standin, agent, conversation, agentMessages, write, choose, base };
  };
  /** The next `count` agent messages after `from`. */
  const next = (messages: () => Standin['messages'], from: number, count: number) => waitFor(() => messages().length >= from + count && messages().slice(from, from + count));

  it('answers a visitor message with "You said: …" and the menu, typing before it', async () => {
    const { standin, agentMessages, write } = await setup();
    await write('  hello there  ');
    const [said, menu] = await next(agentMessages, 0, 2);
    expect(said).toMatchObject({ content: 'You said: hello there', content_type: 'text', sender: 'agent' });
    expect(menu).toMatchObject({ content: 'What would you like to see?', content_type: 'input_select', content_attributes: { items: MENU } });
    await standin.settle();
    const typing = standin.callbacks.filter((c) => c.event.startsWith('conversation_typing')).map((c) => c.event);
    expect(typing).toEqual(['conversation_typing_on', 'conversation_typing_off']);
  });

  it('answers each menu choice with its content type', async () => {
    const { agentMessages, write, choose } = await setup({ deleteAfterMs: 50 });
    const expected: [string, string[]][] = [
      ['cards', ['text', 'cards']],
      ['form', ['form']],
      ['articles', ['article']],
      ['csat', ['input_csat']],
      ['email', ['input_email']],
      ['media', ['text']],
      ['delete', ['text']],
    ];
    for (const [value, types] of expected) {
      const before = agentMessages().length; // the agent may answer before the POST does
      await write(`show me ${value}`);
      const [, menu] = await next(agentMessages, before, 2);
      const from = agentMessages().length;
      expect((await choose(menu!.id, value)).status).toBe(200);
      const replies = await next(agentMessages, from, types.length);
      expect(
        replies.map((m) => m.content_type),
        value,
      ).toEqual(types);
      // The relay draws each of them as the widget's own kind, never the fallback.
      for (const reply of replies)
        expect(
          toBodies({ ...reply, attachments: [] }).map((b) => b.kind),
          value,
        ).not.toContain('unsupported');
      if (value === 'cards') expect(replies[1]!.content_attributes['items']).toHaveLength(3);
      if (value === 'media') expect(replies[0]!.attachments.map((f) => f.content_type)).toEqual(['image/png', 'audio/wav', 'video/webm', 'application/pdf']);
    }
    // "A message that disappears" is deleted by the agent a moment later.
    const doomed = agentMessages().at(-1)!;
    await waitFor(() => doomed.content_attributes['deleted'] === true);
    expect(doomed.content).toBe('This message was deleted');
  });

  it('answers a menu once: choosing again on the same menu, or an unknown value, gets nothing', async () => {
    const { agentMessages, write, choose } = await setup();
    await write('hi');
    const [, menu] = await next(agentMessages, 0, 2);
    expect((await choose(menu!.id, 'nothing-like-this')).status).toBe(200);
    await choose(menu!.id, 'articles');
    await next(agentMessages, 2, 1);
    await choose(menu!.id, 'form');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(agentMessages().map((m) => m.content_type)).toEqual(['text', 'input_select', 'article']);
  });

  it('thanks the visitor for a submitted form, email or rating, once per question', async () => {
    const { agentMessages, write, choose, base } = await setup();
    await write('hi');
    const [, menu] = await next(agentMessages, 0, 2);
    await choose(menu!.id, 'form');
    const [form] = await next(agentMessages, 2, 1);
    const submit = () =>
      call(`${base}/messages/${form!.id}`, 'PATCH', {
        submitted_values: [
          { name: 'name', value: 'Ada' },
          { name: 'email', value: 'ada@example.com' },
        ],
      });
    expect((await submit()).status).toBe(200);
    const [thanks] = await next(agentMessages, 3, 1);
    expect(thanks!.content).toBe('Thank you! We got it.');
    await submit(); // the same form again: no second thanks
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(agentMessages()).toHaveLength(4);
  });

  it('answers with its script first: scripted messages, silence for [], the demo for undefined; answers once', async () => {
    const { agent, agentMessages, write, choose } = await setup();
    const turns: string[] = [];
    agent.script(({ kind, payload }) => {
      turns.push(`${kind}:${String(payload['content'])}`);
      if (payload['content'] === 'hush') return [];
      if (payload['content'] === 'demo please') return undefined;
      if (kind === 'answer') return [{ content: 'Noted.' }];
      return [{ content: 'Scripted hello' }, { content: 'Choose', content_type: 'input_select', content_attributes: { items: [{ title: 'Yes', value: 'yes' }] } }];
    });
    await write('hi');
    const [hello, question] = await next(agentMessages, 0, 2);
    expect([hello!.content, question!.content_type]).toEqual(['Scripted hello', 'input_select']);
    await write('hush');
    await write('demo please');
    const [said, menu] = await next(agentMessages, 2, 2);
    expect([said!.content, menu!.content_type]).toEqual(['You said: demo please', 'input_select']);
    await choose(question!.id, 'yes');
    await choose(question!.id, 'yes');
    const [noted] = await next(agentMessages, 4, 1);
    expect(noted!.content).toBe('Noted.');
    agent.script(undefined);
    await write('plain demo again');
    await next(agentMessages, 5, 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(agentMessages().map((m) => m.content)).toEqual([
      'Scripted hello',
      'Choose',
      'You said: demo please',
      'What would you like to see?',
      'Noted.',
      'You said: plain demo again',
      'What would you like to see?',
    ]);
    expect(turns).toEqual(['message:hi', 'message:hush', 'message:demo please', 'answer:Choose']);
  });

  it('goes quiet once stopped', async () => {
    const { agent, agentMessages, write } = await setup({ replyDelayMs: 50 });
    await write('hi');
    agent.stop();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(agentMessages()).toEqual([]);
  });
});
