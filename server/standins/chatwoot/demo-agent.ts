import { createMediaLibrary } from '../media/index.ts';
import type { AgentMessage, ChatwootStandin } from './index.ts';

export interface DemoAgentOptions {
  /** How long the agent "types" before each answer. */
  replyDelayMs?: number;
  /** How long "a message that disappears" stays before the agent deletes it. */
  deleteAfterMs?: number;
}

type Payload = { event: string } & Record<string, unknown>;
type Reply = (conversationId: number) => Promise<unknown>;

/** What the visitor just did, as the inbox's callback told it: a message, or an answer to a question. */
export interface VisitorTurn {
  conversationId: number;
  kind: 'message' | 'answer';
  /** The callback payload (message_created for a message, message_updated with submitted values for an answer). */
  payload: Payload;
}

/**
 * Decides the agent's answer to a turn instead of the demo: the messages to say (none: stay silent), or undefined to
 * leave the turn to the demo's own answer.
 */
export type AgentScript = (turn: VisitorTurn) => AgentMessage[] | undefined | Promise<AgentMessage[] | undefined>;

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

export const MENU = [
  { title: 'Cards', value: 'cards' },
  { title: 'A form', value: 'form' },
  { title: 'Help articles', value: 'articles' },
  { title: 'Rate us', value: 'csat' },
  { title: 'Leave your email', value: 'email' },
  { title: 'Pictures, sound, video and a file', value: 'media' },
  { title: 'A message that disappears', value: 'delete' },
];

/** A visitor's message (message_created, incoming) or answer (message_updated carrying submitted values), else undefined. */
export const visitorTurn = (payload: Payload): VisitorTurn | undefined => {
  const conversationId = record(payload['conversation'])['id'];
  if (typeof conversationId !== 'number') return undefined;
  if (payload.event === 'message_created') return payload['message_type'] === 'incoming' ? { conversationId, kind: 'message', payload } : undefined;
  if (payload.event !== 'message_updated') return undefined;
  const attributes = record(payload['content_attributes']);
  return attributes['submitted_values'] !== undefined || attributes['submitted_email'] !== undefined ? { conversationId, kind: 'answer', payload } : undefined;
};

/**
 * The stand-in's demo agent: answers every visitor message with a menu of every content type Chatwoot sends, and
 * each choice with that type (all media served by the stand-in itself), so `npm start` shows the whole widget.
 */
export const startDemoAgent = (standin: ChatwootStandin, { replyDelayMs = 0, deleteAfterMs = 3000 }: DemoAgentOptions = {}) => {
  const media = createMediaLibrary();
  const file = (name: string) => ({ name, contentType: media.get(name)!.type, data: media.get(name)!.body });
  const timers = new Set<NodeJS.Timeout>();
  // A message is updated again for other reasons (read receipts, a second answer): each question is answered once.
  const answered = new Set<unknown>();
  let stopped = false;
  let script: AgentScript | undefined;
  let delayMs = replyDelayMs;

  const later = (ms: number, run: () => Promise<unknown>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) void run().catch(() => {});
    }, ms);
    timers.add(timer);
  };
  /** Typing on, a pause, then the answer (which turns typing off, as an agent's message does). */
  const answer = (conversationId: number, reply: Reply) => {
    // It reads the conversation first: its answer then carries the agent's last look (the visitor's read receipt).
    standin.agentSee(conversationId);
    void standin.typing(conversationId, true).catch(() => {});
    later(delayMs, async () => {
      await standin.typing(conversationId, false);
      await reply(conversationId);
    });
  };

  const menu: Reply = (id) => standin.agentSay(id, { content: 'What would you like to see?', content_type: 'input_select', content_attributes: { items: MENU } });
  const choices: Record<string, Reply> = {
    async cards(id) {
      const { message } = await standin.agentSay(id, { content: 'Our rooms:', attachments: [file('card-sunrise.png')] });
      const image = message.attachments?.[0]?.data_url;
      const items = ['Sunrise', 'Forest', 'Ocean'].map((title) => ({
        title: `${title} room`,
        description: `A ${title.toLowerCase()} view`,
        ...(image ? { media_url: image } : {}),
        actions: [
          { type: 'link', text: 'See photos', uri: `https://example.com/rooms/${title.toLowerCase()}` },
          { type: 'postback', text: `Book ${title}`, payload: `BOOK_${title.toUpperCase()}` },
        ],
      }));
      return standin.agentSay(id, { content: null, content_type: 'cards', content_attributes: { items } });
    },
    form: (id) =>
      standin.agentSay(id, {
        content: 'Tell us about your request',
        content_type: 'form',
        content_attributes: {
          button_label: 'Send request',
          items: [
            { name: 'name', label: 'Your name', type: 'text', placeholder: 'Ada Lovelace', required: true },
            { name: 'email', label: 'Email', type: 'email', placeholder: 'ada@example.com', required: true },
            {
              name: 'order',
              label: 'Order number',
              type: 'text',
              placeholder: 'AB-1234',
              pattern: '[A-Z]{2}-\\d{4}',
              pattern_error: 'Two capital letters, a dash and four digits',
            },
            {
              name: 'topic',
              label: 'Topic',
              type: 'select',
              options: [
                { label: 'Billing', value: 'billing' },
                { label: 'Delivery', value: 'delivery' },
              ],
            },
            { name: 'details', label: 'Details', type: 'text_area', placeholder: 'What happened?' },
          ],
        },
      }),
    articles: (id) =>
      standin.agentSay(id, {
        content: 'These may help:',
        content_type: 'article',
        content_attributes: {
          items: [
            { title: 'Shipping times', description: 'When your order arrives', link: 'https://example.com/help/shipping' },
            { title: 'Returns', description: 'How to send something back', link: 'https://example.com/help/returns' },
          ],
        },
      }),
    csat: (id) => standin.agentSay(id, { content: 'Please rate the conversation', content_type: 'input_csat', content_attributes: { display_type: 'star' }, message_type: 3 }),
    email: (id) => standin.agentSay(id, { content: 'Where can we reach you?', content_type: 'input_email', content_attributes: {} }),
    media: (id) => standin.agentSay(id, { content: 'Here is everything at once', attachments: [file('picture.png'), file('tone.wav'), file('clip.webm'), file('guide.pdf')] }),
    async delete(id) {
      const { message } = await standin.agentSay(id, { content: 'This message deletes itself in a few seconds.' });
      later(deleteAfterMs, () => standin.deleteMessage(message.id));
    },
  };

  /** The demo's own answer to a turn. */
  const demo = ({ conversationId, kind, payload }: VisitorTurn) => {
    if (kind === 'message') {
      const content = typeof payload['content'] === 'string' ? payload['content'].trim() : '';
      return answer(conversationId, async (id) => {
        if (content) await standin.agentSay(id, { content: `You said: ${content.slice(0, 200)}` });
        await menu(id);
      });
    }
    const attributes = record(payload['content_attributes']);
    const submitted = attributes['submitted_values'];
    if (payload['content_type'] === 'input_select' && Array.isArray(submitted)) {
      const choice = record(submitted[0])['value'];
      const reply = typeof choice === 'string' && Object.hasOwn(choices, choice) ? choices[choice] : undefined;
      if (reply) answered.add(payload['id']);
      if (reply) answer(conversationId, reply);
    } else {
      answered.add(payload['id']);
      answer(conversationId, (id) => standin.agentSay(id, { content: 'Thank you! We got it.' }));
    }
  };

  const onEvent = (payload: Payload) => {
    const turn = visitorTurn(payload);
    if (!turn || (turn.kind === 'answer' && answered.has(payload['id']))) return;
    const scripted = script;
    if (!scripted) return demo(turn);
    void Promise.resolve(scripted(turn)).then(
      (messages) => {
        if (stopped) return;
        if (!messages) return demo(turn);
        if (turn.kind === 'answer') answered.add(payload['id']);
        if (messages.length > 0)
          answer(turn.conversationId, async (id) => {
            for (const message of messages) await standin.agentSay(id, message);
          });
      },
      () => {},
    );
  };

  const unsubscribe = standin.onEvent(onEvent);
  return {
    /** Answers with `next` first (undefined: the demo's answers only). */
    script(next: AgentScript | undefined) {
      script = next;
    },
    /** How long the agent "types" before each answer from now on. */
    setReplyDelay(ms: number) {
      delayMs = ms;
    },
    stop() {
      stopped = true;
      unsubscribe();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
};
