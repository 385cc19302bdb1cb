import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Body, Message } from '../../src/protocol/index.ts';
import type { AgentMessage } from '../standins/chatwoot/index.ts';
import { PDF, PNG, WAV, WEBM } from '../uploads/fixtures.testing.ts';
import { eventually, startChatwootHarness, type ChatwootHarness } from './chatwoot-harness.testing.ts';

const MENU = [
  { title: 'Yes', value: 'yes' },
  { title: 'No', value: 'no' },
];
const FORM = {
  button_label: 'Send',
  items: [
    { name: 'name', label: 'Name', type: 'text', required: true },
    { name: 'notes', label: 'Notes', type: 'text_area' },
    { name: 'mail', label: 'Email', type: 'email' },
    { name: 'topic', label: 'Topic', type: 'select', options: [{ label: 'Billing', value: 'billing' }] },
  ],
};
const CARDS = {
  items: [
    {
      title: 'Sunrise room',
      description: 'A view',
      media_url: 'https://example.com/sunrise.png',
      actions: [
        { type: 'link', text: 'See photos', uri: 'https://example.com/rooms/sunrise' },
        { type: 'postback', text: 'Book', payload: 'BOOK_SUNRISE' },
      ],
    },
  ],
};
const ARTICLES = { items: [{ title: 'Shipping', description: 'When it arrives', link: 'https://example.com/help/shipping' }] };

describe("Chatwoot content types reach the visitor as the widget's Bodies", () => {
  let h: ChatwootHarness;
  let token: string;
  let conversationId: number;
  beforeAll(async () => {
    h = await startChatwootHarness();
    const session = await h.session();
    token = session.token;
    await h.send(token, 'show me everything');
    conversationId = (await h.conversationOf(session.visitorId)).id;
    await eventually(() => h.standinMessages(conversationId, 0).length === 1);
  });
  afterAll(async () => h?.close());

  /** What the visitor's history shows for one agent message (all its parts). */
  const say = async (input: AgentMessage): Promise<Body[]> => {
    const { message, callback } = await h.standin.agentSay(conversationId, input);
    expect(callback.status).toBe(200);
    const stored: Message[] = [];
    for (const m of await h.history(token)) {
      const external = await h.store.getExternalId(m.conversationId, m.id);
      if (external === String(message.id) || external?.startsWith(`${message.id}:`)) stored.push(m);
    }
    return stored.map((m) => m.body);
  };

  it('text, input_select → select, form → form', async () => {
    expect(await say({ content: 'Plain words' })).toEqual([{ kind: 'text', text: 'Plain words', format: 'markdown' }]);
    expect(await say({ content: 'Shall we?', content_type: 'input_select', content_attributes: { items: MENU } })).toEqual([{ kind: 'select', text: 'Shall we?', options: MENU }]);
    const [form] = await say({ content: 'Tell us', content_type: 'form', content_attributes: FORM });
    expect(form).toMatchObject({ kind: 'form', text: 'Tell us', submitLabel: 'Send' });
    expect(form!.kind === 'form' && form!.fields.map((f) => [f.name, f.type, f.required ?? false])).toEqual([
      ['name', 'text', true],
      ['notes', 'textarea', false],
      ['mail', 'email', false],
      ['topic', 'select', false],
    ]);
  });

  it('article → articles, input_email → email, input_csat → csat (without the survey link), cards → carousel', async () => {
    expect(await say({ content: 'These may help', content_type: 'article', content_attributes: ARTICLES })).toEqual([
      { kind: 'articles', text: 'These may help', items: [{ title: 'Shipping', description: 'When it arrives', url: 'https://example.com/help/shipping' }] },
    ]);
    expect(await say({ content: 'Your email?', content_type: 'input_email' })).toEqual([{ kind: 'email', text: 'Your email?' }]);
    expect(await say({ content: 'Rate us', content_type: 'input_csat', content_attributes: { display_type: 'star' }, message_type: 3 })).toEqual([
      { kind: 'csat', text: 'Rate us', display: 'star' },
    ]);
    const [carousel] = await say({ content: null, content_type: 'cards', content_attributes: CARDS });
    expect(carousel).toEqual({
      kind: 'carousel',
      ratio: 'horizontal',
      items: [
        {
          title: 'Sunrise room',
          subtitle: 'A view',
          imageUrl: 'https://example.com/sunrise.png',
          buttons: [
            { type: 'url', title: 'See photos', url: 'https://example.com/rooms/sunrise' },
            { type: 'postback', title: 'Book', payload: 'BOOK_SUNRISE' },
          ],
        },
      ],
    });
  });

  it('attachments of each file_type become image, audio, video and file, served by the platform', async () => {
    const bodies = await say({
      content: 'Files',
      attachments: [
        { name: 'p.png', contentType: 'image/png', data: PNG },
        { name: 't.wav', contentType: 'audio/wav', data: WAV },
        { name: 'c.webm', contentType: 'video/webm', data: WEBM },
        { name: 'g.pdf', contentType: 'application/pdf', data: PDF },
      ],
    });
    expect(bodies.map((b) => b.kind)).toEqual(['text', 'image', 'audio', 'video', 'file']);
    const image = bodies[1] as Extract<Body, { kind: 'image' }>;
    expect(image).toMatchObject({ name: 'p.png', mime: 'image/png', size: PNG.length });
    // data_url redirects to storage (docs/platforms/chatwoot.md#client-api); the widget follows it.
    const fetched = await fetch(image.url);
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(PNG);
    expect((bodies[4] as Extract<Body, { kind: 'file' }>).name).toBe('g.pdf');
  });

  it('a location (and any kind the widget cannot draw) becomes a readable summary', async () => {
    const { callback } = await h.standin.agentSay(conversationId, { content: 'Where we are' });
    const payload = JSON.parse(callback.body) as Record<string, unknown>;
    const location = {
      ...payload,
      id: 900_001,
      content: null,
      attachments: [{ id: 77, message_id: 900_001, file_type: 'location', coordinates_lat: 52.52, coordinates_long: 13.405, fallback_title: 'Our shop', data_url: null }],
    };
    expect((await h.postCallback(location)).json).toEqual({ ok: true, stored: 1 });
    const integration = { ...payload, id: 900_002, content: 'Join the call', content_type: 'integrations', content_attributes: { type: 'dyte', data: {} } };
    expect((await h.postCallback(integration)).json).toEqual({ ok: true, stored: 1 });
    const last = (await h.history(token)).slice(-2).map((m) => m.body);
    expect(last[0]).toMatchObject({ kind: 'unsupported' });
    expect(last[0]!.kind === 'unsupported' && last[0]!.summary).toMatch(/location.*Our shop[\s\S]*52.52, 13.405/i);
    expect(last[1]!.kind === 'unsupported' && last[1]!.summary).toMatch(/video call/i);
  });
});
