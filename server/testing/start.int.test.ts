import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionResponse } from '../../src/protocol/index.ts';
import { identityHash } from '../identity/index.ts';
import { relayApi } from '../integration/relay-api.testing.ts';
import { openStream } from '../integration/sse-client.testing.ts';
import { internalsOf } from './internals.ts';
import { startChatport } from './start.ts';
import type { Chatport, ChatportOptions } from './types.ts';

type Message = { id: string; seq: number; author: string; body: { kind: string; text?: string; [key: string]: unknown } };

describe('startChatport', () => {
  const running: Chatport[] = [];
  afterEach(async () => {
    for (const chatport of running.splice(0)) await chatport.stop();
  });
  const start = async (options: ChatportOptions = {}) => {
    const chatport = await startChatport(options);
    running.push(chatport);
    return chatport;
  };

  /** A visitor as the widget is one: a session, the live stream, and sends. */
  const visit = async (chatport: Chatport) => {
    const api = relayApi(chatport.url);
    const { token } = (await api<SessionResponse>('/v1/sessions', { method: 'POST', body: {} })).json;
    const stream = await openStream(chatport.url, token);
    let n = 0;
    const post = (body: unknown) => api('/v1/messages', { method: 'POST', token, body: { clientId: `client-${String(++n).padStart(4, '0')}`, body } });
    const replies = () => (stream.messages() as Message[]).filter((m) => m.author !== 'visitor');
    const reply = (pick: (m: Message) => boolean, timeoutMs = 5000) => stream.waitFor(() => replies().find(pick), timeoutMs);
    return { api, token, stream, post, replies, reply, say: (text: string) => post({ kind: 'text', text }) };
  };

  it('UChat: scripted replies by text and by button, the demo for the rest, silence when asked; received in the documented shape', async () => {
    const chatport = await start();
    const { bot } = chatport;
    bot.on('hi').reply('Hello!', { buttons: ['Pricing', { title: 'Docs', url: 'https://example.com/docs' }] });
    bot.on('Pricing').reply(
      bot.carousel([
        { title: 'Basic', buttons: ['Choose Basic'] },
        { title: 'Pro', subtitle: 'For teams' },
      ]),
    );
    bot
      .on(/^order \d+$/)
      .reply('Found it')
      .reply(bot.image());
    const visitor = await visit(chatport);

    await visitor.say('hi');
    const hello = await visitor.reply((m) => m.body.kind === 'buttons');
    expect(hello.body).toEqual({
      kind: 'buttons',
      text: 'Hello!',
      buttons: [
        { type: 'postback', title: 'Pricing', payload: 'Pricing' },
        { type: 'url', title: 'Docs', url: 'https://example.com/docs' },
      ],
    });
    await visitor.post({ kind: 'postback', to: hello.id, title: 'Pricing', payload: 'Pricing' });
    const cards = await visitor.reply((m) => m.body.kind === 'carousel');
    expect(cards.body['items']).toEqual([
      { title: 'Basic', buttons: [{ type: 'postback', title: 'Choose Basic', payload: 'Choose Basic' }] },
      { title: 'Pro', subtitle: 'For teams', buttons: [] },
    ]);
    await visitor.say('order 42');
    const image = await visitor.reply((m) => m.body.kind === 'image');
    expect(image.body).toMatchObject({ url: `${chatport.standInUrl}/media/picture.png`, name: 'picture.png' });
    await visitor.reply((m) => m.body.text === 'Found it');
    // Unscripted: the demo bot.
    await visitor.say('anything else');
    await visitor.reply((m) => m.body.text === 'You said: "anything else"');
    bot.otherwise('silent');
    await visitor.say('hello?');
    await expect.poll(() => bot.received().length).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(visitor.replies().some((m) => m.body.text?.includes('hello?'))).toBe(false);

    const received = bot.received();
    expect(received).toEqual([
      { kind: 'text', text: 'hi' },
      { kind: 'postback', title: 'Pricing', payload: 'Pricing' },
      { kind: 'text', text: 'order 42' },
      { kind: 'text', text: 'anything else' },
      { kind: 'text', text: 'hello?' },
    ]);
    // The conversation and the raw bot_url request ride along, out of toEqual's way.
    expect(received[1]!.conversation).toBe(received[0]!.conversation);
    expect(received[1]!.raw).toMatchObject({ body: { event: 'message_postback', submitted_values: [{ title: 'Pricing', payload: 'Pricing' }] } });
    expect(bot.requests().map((r) => r.method)).toEqual(['POST', 'POST', 'POST', 'POST', 'POST']);
    await visitor.stream.close();
  });

  it('UChat: say() pushes a signed message to the latest visitor; platform-only kinds fail where they are scripted', async () => {
    const chatport = await start();
    const { bot } = chatport;
    await expect(bot.say('too early')).rejects.toThrow(/no visitor has written in this test yet/);
    expect(() => bot.on('x').reply(bot.select('Pick', ['a']))).toThrow(/bot.select\(…\) is not a UChat message/);
    await expect(bot.typing(true)).rejects.toThrow(/UChat sends no typing signal/);
    const visitor = await visit(chatport);
    await visitor.say('hello');
    await visitor.reply((m) => m.body.kind === 'buttons'); // the demo menu
    await bot.say('A proactive hello', { buttons: ['Yes'] });
    await bot.say(bot.file({ data: 'plain words', name: 'notes.txt' }));
    await bot.say(bot.raw({ type: 'text', text: 'raw push' }));
    await visitor.reply((m) => m.body.text === 'A proactive hello' && m.body.kind === 'buttons');
    await visitor.reply((m) => m.body.text === 'raw push');
    const file = await visitor.reply((m) => m.body.kind === 'file');
    expect(file.body['name']).toBe('notes.txt');
    const served = await fetch(file.body['url'] as string);
    expect([served.headers.get('content-type'), await served.text()]).toEqual(['text/plain', 'plain words']);
    await visitor.stream.close();
  });

  it('UChat: fail, drop and down delay a message, which arrives once; reset returns to a clean script', async () => {
    const chatport = await start({ store: 'memory' });
    const { bot } = chatport;
    bot.otherwise('silent');
    const visitor = await visit(chatport);
    bot.fail(2, 500);
    bot.drop();
    await visitor.say('through the storm');
    await expect.poll(() => bot.received(), { timeout: 15_000 }).toEqual([{ kind: 'text', text: 'through the storm' }]);
    bot.down();
    await visitor.say('while down');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(bot.received()).toHaveLength(1);
    bot.up();
    await expect.poll(() => bot.received().map((m) => m.kind === 'text' && m.text), { timeout: 15_000 }).toEqual(['through the storm', 'while down']);

    bot.on('again').reply('scripted');
    bot.fail(5);
    chatport.reset();
    expect(bot.received()).toEqual([]);
    await visitor.say('again');
    // The rule and the silence are gone (the demo answers), and so are the faults; the earlier visitor's late
    // messages never count for the next test.
    await visitor.reply((m) => m.body.text === 'You said: "again"');
    expect(bot.received()).toEqual([]);
    const next = await visit(chatport);
    await next.say('a new test');
    await expect.poll(() => bot.received()).toEqual([{ kind: 'text', text: 'a new test' }]);
    await Promise.all([visitor.stream.close(), next.stream.close()]);
  });

  it('restart keeps the conversation (sqlite) on the same address; dropStreams cuts the live stream', async () => {
    const chatport = await start();
    const visitor = await visit(chatport);
    await visitor.say('before');
    await visitor.reply((m) => m.body.text?.includes('before') === true);
    chatport.dropStreams();
    await visitor.stream.done;
    const url = chatport.url;
    await chatport.restart();
    expect(chatport.url).toBe(url);
    const again = await openStream(chatport.url, visitor.token);
    await again.waitFor(() => again.messages().some((m) => m.body.text?.includes('before')));
    await visitor.say('after');
    await again.waitFor(() => again.messages().some((m) => m.body.text === 'You said: "after"'));
    await again.close();
  });

  it('Chatwoot: scripted text, options answered by a select choice, every question kind, say, typing and resolve', async () => {
    const chatport = await start({ platform: 'chatwoot' });
    const { bot } = chatport;
    bot.on('hi').reply('Hello!', { buttons: ['Pricing', 'Support'] });
    bot.on('Pricing').reply(bot.carousel([{ title: 'Basic', image: 'https://example.com/b.png', buttons: ['Choose Basic', { title: 'More', url: 'https://example.com/basic' }] }]));
    bot.on('forms').reply(
      bot.form(
        'Tell us',
        [
          { name: 'name', label: 'Your name', required: true },
          { name: 'topic', type: 'select', options: ['billing', 'delivery'] },
        ],
        { submitLabel: 'Go' },
      ),
    );
    expect(() => bot.on('x').reply('Hi', { buttons: [{ title: 'Docs', url: 'https://example.com' }] })).toThrow(/a Chatwoot choice cannot be a link/);
    const visitor = await visit(chatport);

    await visitor.say('hi');
    const question = await visitor.reply((m) => m.body.kind === 'select');
    expect(question.body).toMatchObject({
      text: 'Hello!',
      options: [
        { title: 'Pricing', value: 'Pricing' },
        { title: 'Support', value: 'Support' },
      ],
    });
    await visitor.post({ kind: 'answer', to: question.id, text: 'Pricing', values: { type: 'select', choices: [{ title: 'Pricing', value: 'Pricing' }] } });
    const cards = await visitor.reply((m) => m.body.kind === 'carousel');
    expect(cards.body['items']).toEqual([
      {
        title: 'Basic',
        imageUrl: 'https://example.com/b.png',
        buttons: [
          { type: 'postback', title: 'Choose Basic', payload: 'Choose Basic' },
          { type: 'url', title: 'More', url: 'https://example.com/basic' },
        ],
      },
    ]);
    await visitor.say('forms');
    const form = await visitor.reply((m) => m.body.kind === 'form');
    expect(form.body).toMatchObject({ text: 'Tell us', submitLabel: 'Go' });
    await visitor.post({
      kind: 'answer',
      to: form.id,
      text: 'Your name: Ada',
      values: {
        type: 'form',
        fields: [
          { name: 'name', value: 'Ada' },
          { name: 'topic', value: 'billing' },
        ],
      },
    });
    await expect
      .poll(() => bot.received())
      .toEqual([
        { kind: 'text', text: 'hi' },
        { kind: 'answer', type: 'select', title: 'Pricing', value: 'Pricing' },
        { kind: 'text', text: 'forms' },
        { kind: 'answer', type: 'form', values: { name: 'Ada', topic: 'billing' } },
      ]);
    expect(bot.received()[1]!.raw).toMatchObject({ method: 'PATCH', body: { submitted_values: [{ title: 'Pricing', value: 'Pricing' }] } });

    for (const reply of [
      bot.email('Your email?'),
      bot.csat('Rate us', { display: 'star' }),
      bot.articles('Read', [{ title: 'Returns', url: 'https://example.com/returns' }]),
      bot.audio(),
    ])
      await bot.say(reply);
    const kinds = ['email', 'csat', 'articles', 'audio'];
    await visitor.stream.waitFor(() => kinds.every((kind) => visitor.replies().some((m) => m.body.kind === kind)));
    await bot.typing(true);
    await visitor.stream.waitFor((events) => events.some((e) => e.event === 'typing' && (e.data as { on?: boolean }).on === true));
    await bot.resolve();
    await visitor.stream.waitFor((events) => events.some((e) => e.event === 'status'));
    await visitor.stream.close();
  });

  it('Chatwoot: message faults and outages touch deliveries only; received holds each message once', async () => {
    // A hung delivery is given up after a second, not the production 10 (any relay setting goes through env).
    const chatport = await start({ platform: 'chatwoot', env: { PLATFORM_TIMEOUT_MS: '1000' } });
    const { bot } = chatport;
    bot.otherwise('silent');
    const visitor = await visit(chatport);
    bot.fail(1, 500);
    bot.hang();
    await visitor.say('patient');
    await expect.poll(() => bot.received(), { timeout: 20_000 }).toEqual([{ kind: 'text', text: 'patient' }]);
    const posts = bot.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(posts.length).toBe(3);
    bot.down();
    await visitor.say('later');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(bot.received()).toHaveLength(1);
    bot.up();
    await expect.poll(() => bot.received().length, { timeout: 15_000 }).toBe(2);
    await visitor.stream.close();
  });

  it('serves the test page and its variants: language, script options, an identified visitor, CSP, your own page', async () => {
    const chatport = await start({ locale: 'de', widget: { title: 'Hilfe', position: 'left' }, identitySecret: 'x'.repeat(40), page: 'http://127.0.0.1:9/shop' });
    expect(chatport.pageUrl()).toBe('http://127.0.0.1:9/shop');
    const internals = internalsOf(chatport);
    expect(internals.started().config.allowedOrigins).toContain('http://127.0.0.1:9');
    const variant = chatport.pageUrl({
      lang: 'ar',
      widget: { theme: 'auto', open: true },
      identify: { id: 'u-1', name: 'Ada <3' },
      csp: "default-src 'self'",
      head: '<style>h1{color:red}</style>',
    });
    const response = await fetch(variant);
    const html = await response.text();
    expect(response.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(html).toContain('<html lang="ar">');
    expect(html).toContain(`<script src="${chatport.url}/embed.js" async data-title="Hilfe" data-position="left" data-theme="auto" data-open></script>`);
    expect(html).toContain('"name":"Ada \\u003c3"');
    expect(html).toContain(`"hash":"${identityHash('x'.repeat(40), 'u-1')}"`);
    expect(html).toContain('<style>h1{color:red}</style>');
    const plain = await (await fetch(new URL('/', variant))).text();
    expect(plain).toContain('<html lang="de">');
    expect((await fetch(new URL('/nothing', variant))).status).toBe(404);
  });

  it("carries the conversation's options on the script tag: names in attribute case, prompts joined by |, one holding a | refused where it is given", async () => {
    const chatport = await start({ store: 'memory', widget: { botName: 'Nora', hours: 'Mon-Fri 09:00-17:00 Europe/Berlin' } });
    const variant = chatport.pageUrl({
      widget: {
        welcomeTitle: 'Hi & welcome',
        welcome: 'Ask us',
        prompts: ['Track my order', 'Sizes'],
        greeting: 'Hello there',
        format: 'markdown',
        sound: 'on',
        botAvatar: 'https://example.com/nora.png',
      },
    });
    const html = await (await fetch(variant)).text();
    expect(html).toContain(
      `<script src="${chatport.url}/embed.js" async data-bot-name="Nora" data-hours="Mon-Fri 09:00-17:00 Europe/Berlin" data-welcome-title="Hi &#38; welcome" data-welcome="Ask us" data-prompts="Track my order|Sizes" data-greeting="Hello there" data-format="markdown" data-sound="on" data-bot-avatar="https://example.com/nora.png"></script>`,
    );
    expect(() => chatport.pageUrl({ widget: { prompts: ['Sizes|Returns'] } })).toThrow(/widget\.prompts: "Sizes\|Returns" holds a "\|"/);
    await expect(startChatport({ store: 'memory', widget: { prompts: ['a|b'] } })).rejects.toThrow(/widget\.prompts/);
  });

  it('without an identity secret: the relay refuses identities, and a test page can only carry one with its own hash', async () => {
    const chatport = await start({ identitySecret: false, store: 'memory' });
    expect(internalsOf(chatport).started().config.identitySecret).toBeUndefined();
    expect(() => chatport.pageUrl({ identify: { id: 'u-1' } })).toThrow(/identified visitors are off/);
    const page = await (await fetch(chatport.pageUrl({ identify: { id: 'u-1', hash: 'f'.repeat(64) } }))).text();
    expect(page).toContain(`"hash":"${'f'.repeat(64)}"`);
  });

  it('stops everything it started and removes its data; refuses a real platform in env', async () => {
    const chatport = await startChatport();
    const { dataDir } = internalsOf(chatport);
    expect(existsSync(dataDir)).toBe(true);
    await chatport.stop();
    expect(existsSync(dataDir)).toBe(false);
    for (const url of [chatport.url, chatport.standInUrl, chatport.pageUrl()]) await expect(fetch(url)).rejects.toThrow();
    await expect(startChatport({ env: { UCHAT_BOT_URL: 'https://example.com/bot' } })).rejects.toThrow();
  });
});
