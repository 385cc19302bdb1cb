import { describe, expect, it } from 'vitest';
import { fixture } from '../../providers/uchat/examples.testing.ts';
import { parsePush } from '../../providers/uchat/parse.ts';
import type { BotUrlBody } from './bot-url.ts';
import { createDemoBot, PAYLOAD, type Push } from './demo-bot.ts';

const sender = { id: 'visitor-1', name: 'Visitor visitor1', email: '', phone_number: '', type: 'contact' as const };
const common = { message_type: 'incoming' as const, sender, conversation_id: 9 };
const routed = { sender_id: 'visitor-1', conv_id: 9, type: 'text', message_type: 'outgoing', private: false };
const SIM = 'http://127.0.0.1:4321';
const context = { mediaUrl: (name: string) => `${SIM}/media/${name}` };

const bot = createDemoBot();
const answer = async (request: BotUrlBody) => bot(request, context);
const say = (content: string) => answer({ ...common, content, event: 'message_created' });
const press = (payload: string, title = payload) => answer({ ...common, content: title, event: 'message_postback', submitted_values: [{ title, payload }] });

const keys = (value: unknown) => Object.keys(value as object).sort();
const attributes = (push: Push | undefined) =>
  push?.['content_attributes'] as { text?: string; ratio?: string; items?: Record<string, unknown>[]; buttons?: Record<string, unknown>[] };
const kindsOf = (pushes: Push[]) => pushes.map((push) => String(push['content_type'] ?? push['type']));

describe("createDemoBot: today's answers", () => {
  it('echoes text back to the same visitor and conversation', async () => {
    expect(await say('where is my order?')).toEqual([{ ...routed, text: 'You said: "where is my order?"' }]);
  });

  it.each(['hi', 'Hello there', 'help me', 'menu'])('greets "%s", still echoes it, then shows the menu', async (content) => {
    const [greeting, menu, ...rest] = await say(content);
    expect(greeting?.['text']).toMatch(/^Hello! .* You said: "/);
    expect(greeting?.['text']).toContain(`"${content}"`);
    expect(menu?.['content_type']).toBe('button_template');
    expect(rest).toEqual([]);
  });

  it('does not greet a word that merely starts like a greeting', async () => {
    expect(await say('hire me')).toEqual([{ ...routed, text: 'You said: "hire me"' }]);
    expect(await say('media player')).toEqual([{ ...routed, text: 'You said: "media player"' }]);
  });

  it('names a pressed button it does not know', async () => {
    expect(await press('YES', 'Yes')).toEqual([{ ...routed, text: 'You chose "Yes".' }]);
  });

  it('acknowledges an upload', async () => {
    const [push] = await answer({ ...common, content: '', event: 'message_created', attachments: [{ file_type: 'image', data_url: 'https://x.test/a.png' }] });
    expect(push?.['text']).toBe('Thanks, I received your image.');
  });
});

describe('createDemoBot: every message kind is reachable', () => {
  it('the menu offers cards and media by postback, and a web_url link', async () => {
    const [, menu] = await say('hi');
    expect(attributes(menu)?.buttons).toEqual([
      { type: 'postback', title: 'Show cards', payload: PAYLOAD.cards },
      { type: 'postback', title: 'Show media', payload: PAYLOAD.media },
      { type: 'web_url', title: 'About this demo', url: `${SIM}/media/about.html` },
    ]);
    expect(await press(PAYLOAD.menu)).toEqual([menu]);
  });

  it('SHOW_CARDS and typing "cards" give a horizontal carousel of three, then a square card', async () => {
    const pushes = await press(PAYLOAD.cards, 'Show cards');
    expect(await say('Cards')).toEqual(pushes);
    expect(kindsOf(pushes)).toEqual(['generic_template', 'generic_template']);
    const [carousel, square] = pushes.map(attributes);
    expect(carousel?.ratio).toBe('horizontal');
    expect(carousel?.items?.map((item) => item['title'])).toEqual(['Sunrise', 'Forest', 'Ocean']);
    for (const item of carousel?.items ?? []) {
      expect(item['image_url']).toMatch(new RegExp(`^${SIM}/media/card-[a-z]+\\.png$`));
      expect(item['item_url']).toMatch(new RegExp(`^${SIM}/media/about\\.html#card-`));
      expect(item['default_action']).toEqual({ type: 'web_url', url: item['item_url'] });
      expect((item['buttons'] as { type: string }[]).map((b) => b.type)).toEqual(['postback', 'web_url']);
    }
    expect(square?.ratio).toBe('square');
    expect(square?.items).toHaveLength(1);
    expect(square?.items?.[0]?.['image_url']).toBe(`${SIM}/media/card-square.png`);
  });

  it("a card's postback leads to a reply naming the card", async () => {
    const [carousel] = await say('cards');
    const button = (attributes(carousel).items![1]!['buttons'] as { title: string; payload: string }[])[0]!;
    expect(button).toEqual({ type: 'postback', title: 'Pick Forest', payload: 'PICK_FOREST' });
    expect(await press(button.payload, button.title)).toEqual([{ ...routed, text: 'You picked the Forest card.' }]);
    expect(await press('PICK_NOTHING', 'Pick nothing')).toEqual([{ ...routed, text: 'You chose "Pick nothing".' }]);
  });

  it('SHOW_MEDIA and typing "media" push an image, an audio clip, a video and a file from the simulator', async () => {
    const pushes = await press(PAYLOAD.media);
    expect(await say('media')).toEqual(pushes);
    expect(pushes.map((push) => [push['type'], push['url']])).toEqual([
      ['image', `${SIM}/media/picture.png`],
      ['audio', `${SIM}/media/tone.wav`],
      ['video', `${SIM}/media/clip.webm`],
      ['file', `${SIM}/media/guide.pdf`],
    ]);
  });

  it('is deterministic', async () => {
    for (const words of ['hi', 'cards', 'media']) expect(await say(words)).toEqual(await say(words));
  });
});

describe('createDemoBot: every push follows the contract', () => {
  const all = async () => [...(await say('hi')), ...(await say('cards')), ...(await say('media')), ...(await press('PICK_OCEAN'))];

  it('has exactly the key sets of the receive-*.json examples', async () => {
    const template = (name: string) => fixture(name);
    for (const push of await all()) {
      const contentType = push['content_type'];
      if (contentType === 'button_template') {
        const example = template('receive-button-template.json');
        expect(keys(push)).toEqual(keys(example));
        expect(keys(attributes(push))).toEqual(keys(example['content_attributes']));
        for (const button of attributes(push)?.buttons ?? []) expect(keys(button)).toEqual(button['type'] === 'postback' ? ['payload', 'title', 'type'] : ['title', 'type', 'url']);
      } else if (contentType === 'generic_template') {
        const example = template('receive-generic-template.json');
        const exampleItem = (example['content_attributes'] as { items: object[] }).items[0];
        expect(keys(push)).toEqual(keys(example));
        expect(keys(attributes(push))).toEqual(keys(example['content_attributes']));
        for (const item of attributes(push)?.items ?? []) expect(keys(item)).toEqual(keys(exampleItem));
      } else {
        expect(keys(push)).toEqual(keys(template(`receive-${String(push['type'])}.json`)));
      }
      expect(push).toMatchObject({ sender_id: 'visitor-1', conv_id: 9, message_type: 'outgoing', private: false });
    }
  });

  it('the relay draws each push as the intended kind, nothing unsupported', async () => {
    const drawn = (await all()).flatMap((push) => {
      const parsed = parsePush(JSON.stringify(push));
      return parsed.ok ? parsed.messages.map((m) => m.body.kind) : [`error: ${parsed.reason}`];
    });
    expect(drawn).toEqual(['text', 'buttons', 'carousel', 'carousel', 'image', 'audio', 'video', 'file', 'text']);
  });

  it('links only to the simulator', async () => {
    const urls = JSON.stringify(await all()).match(/https?:\/\/[^"]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) expect(url.startsWith(`${SIM}/media/`)).toBe(true);
  });
});
