import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.ts';
import { startDemoAgent, visitorTurn, type VisitorTurn } from '../standins/chatwoot/demo-agent.ts';
import { createChatwootStandin, type AgentMessage, type ChatwootStandin } from '../standins/chatwoot/index.ts';
import { received, type Driver, type Responder } from './driver.ts';
import { createSamples, loadMedia, loopbackOnly } from './media.ts';
import { buttonOf, choiceOf } from './replies.ts';
import type { ButtonSpec, PlatformRequest, Received, ReceivedFile, Reply } from './types.ts';

export interface ChatwootDriverOptions {
  logger: Logger;
  replyDelayMs: number;
}

type Json = Record<string, unknown>;
const record = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/** The last segment of a storage address, decoded: the file's name as uploaded. */
const nameOf = (url: string): string | undefined => {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || undefined;
  } catch {
    return undefined;
  }
};

/** A visitor's answer, from the question's content type and its submitted values (docs/platforms/chatwoot.md#answers). */
const answerOf = (payload: Json) => {
  const attributes = record(payload['content_attributes']);
  const submitted = attributes['submitted_values'];
  const first = record(Array.isArray(submitted) ? submitted[0] : undefined);
  switch (payload['content_type']) {
    case 'input_csat': {
      const response = record(record(submitted)['csat_survey_response']);
      const feedback = text(response['feedback_message']);
      return { kind: 'answer' as const, type: 'csat' as const, rating: Number(response['rating']), ...(feedback ? { feedback } : {}) };
    }
    case 'input_email':
      return { kind: 'answer' as const, type: 'email' as const, email: text(attributes['submitted_email'] ?? first['value']) };
    case 'form': {
      const values = Array.isArray(submitted) ? submitted.map(record) : [];
      return { kind: 'answer' as const, type: 'form' as const, values: Object.fromEntries(values.map((v) => [text(v['name']), text(v['value'])])) };
    }
    default:
      return { kind: 'answer' as const, type: 'select' as const, title: text(first['title'] ?? first['value']), value: text(first['value']) };
  }
};

/** A visitor's turn (a message, or an answer to a question) normalised; `raw` is the public API request behind it. */
export const fromTurn = ({ conversationId, kind, payload }: VisitorTurn, raw: unknown): Received => {
  const conversation = String(conversationId);
  if (kind === 'answer') return received(answerOf(payload), conversation, raw);
  const content = text(payload['content']);
  const files = Array.isArray(payload['attachments']) ? payload['attachments'].map(record) : [];
  if (files.length === 0) return received({ kind: 'text' as const, text: content }, conversation, raw);
  const attachments = files.map((file): ReceivedFile => {
    const url = text(file['data_url']);
    const name = url ? nameOf(url) : undefined;
    return {
      type: (['image', 'audio', 'video'].includes(text(file['file_type'])) ? file['file_type'] : 'file') as ReceivedFile['type'],
      ...(url ? { url } : {}),
      ...(name ? { name } : {}),
      ...(file['content_type'] ? { mime: text(file['content_type']) } : {}),
      ...(typeof file['file_size'] === 'number' ? { size: file['file_size'] } : {}),
    };
  });
  return received({ kind: 'attachment' as const, attachments, ...(content ? { text: content } : {}) }, conversation, raw);
};

const requestOf = ({ method, path, body, parts }: ChatwootStandin['received'][number]): PlatformRequest => ({
  method,
  path,
  ...(body === undefined ? {} : { body }),
  ...(parts ? { parts } : {}),
});

const linkless = (what: string) => new Error(`${what}: a Chatwoot choice cannot be a link; put links on cards (bot.carousel) or in the text`);

const choiceButton = (button: ButtonSpec) => {
  const b = buttonOf(button);
  if ('url' in b) throw linkless(`button "${b.title}"`);
  return { title: b.title, value: b.payload };
};

/** The Chatwoot stand-in with its demo agent, scripted: the kit's responder first, the demo for what it leaves. */
export const createChatwootDriver = async ({ logger, replyDelayMs }: ChatwootDriverOptions): Promise<Driver> => {
  // The inbox validates identities, so identified visitors take the verified path (the relay is given the same key).
  const hmacToken = randomBytes(24).toString('base64url');
  const standin = await createChatwootStandin({ hmacToken, logger });
  const agent = startDemoAgent(standin, { replyDelayMs });
  const sample = createSamples();
  const turns: Received[] = [];
  let responder: Responder = () => undefined;

  /** The public API request behind a turn: the stand-in calls listeners while handling it, right after recording it. */
  const latestRequest = (turn: VisitorTurn) => {
    const last = standin.received.at(-1);
    const matches =
      last &&
      (turn.kind === 'message'
        ? last.method === 'POST' && last.path.endsWith('/messages')
        : last.method === 'PATCH' && last.path.endsWith(`/messages/${String(turn.payload['id'])}`));
    return matches ? requestOf(last) : undefined;
  };

  // Only turns that came in through the public API count: an answer's message is updated again by read receipts.
  standin.onEvent((payload) => {
    const turn = visitorTurn(payload);
    const request = turn && latestRequest(turn);
    if (turn && request) turns.push(fromTurn(turn, request));
  });

  /** A reply as the agent's message (docs/platforms/chatwoot.md#content). */
  const toMessage = async (reply: Reply): Promise<AgentMessage> => {
    switch (reply.kind) {
      case 'text':
        return reply.buttons?.length
          ? { content: reply.text, content_type: 'input_select', content_attributes: { items: reply.buttons.map(choiceButton) } }
          : { content: reply.text };
      case 'carousel': {
        const items = reply.cards.map((card) => {
          if (card.url) throw new Error(`card "${card.title}": a Chatwoot card has no link of its own; add a url button ({ title, url })`);
          const actions = (card.buttons ?? [])
            .map(buttonOf)
            .map((b) => ('url' in b ? { type: 'link', text: b.title, uri: b.url } : { type: 'postback', text: b.title, payload: b.payload }));
          return { title: card.title, ...(card.subtitle ? { description: card.subtitle } : {}), ...(card.image ? { media_url: card.image } : {}), actions };
        });
        return { content: null, content_type: 'cards', content_attributes: { items } };
      }
      case 'image':
      case 'audio':
      case 'video':
      case 'file': {
        const file = await loadMedia(reply.kind, reply.source, sample);
        return { content: null, attachments: [{ name: file.name, contentType: file.mime, data: file.data }] };
      }
      case 'select':
        return { content: reply.text, content_type: 'input_select', content_attributes: { items: reply.options.map(choiceOf) } };
      case 'form':
        return {
          content: reply.text,
          content_type: 'form',
          content_attributes: {
            ...(reply.submitLabel ? { button_label: reply.submitLabel } : {}),
            items: reply.fields.map(({ name, label, type = 'text', placeholder, required, pattern, patternError, options }) => ({
              name,
              label: label ?? name,
              type: type === 'textarea' ? 'text_area' : type,
              ...(placeholder ? { placeholder } : {}),
              ...(required ? { required: true } : {}),
              ...(pattern ? { pattern } : {}),
              ...(patternError ? { pattern_error: patternError } : {}),
              ...(options ? { options: options.map((o) => (typeof o === 'string' ? { label: o, value: o } : o)) } : {}),
            })),
          },
        };
      case 'articles':
        return {
          content: reply.text,
          content_type: 'article',
          content_attributes: { items: reply.articles.map((a) => ({ title: a.title, ...(a.description ? { description: a.description } : {}), link: a.url })) },
        };
      case 'email':
        return { content: reply.text, content_type: 'input_email', content_attributes: {} };
      case 'csat':
        // Surveys come from Chatwoot itself, not the agent: a template message without a sender.
        return { content: reply.text, content_type: 'input_csat', content_attributes: { display_type: reply.display ?? 'emoji' }, message_type: 3 };
      case 'raw':
        return { content: null, ...reply.message } as AgentMessage;
    }
  };

  agent.script(async (turn) => {
    const replies = responder(fromTurn(turn, latestRequest(turn) ?? turn.payload));
    return replies && Promise.all(replies.map(toMessage));
  });

  const conversationOf = (conversation: string): number => {
    const id = Number(conversation);
    if (!standin.conversations.some((c) => c.id === id)) throw new Error(`the Chatwoot stand-in has no conversation ${conversation}`);
    return id;
  };
  const faultOf = (kind: 'status' | 'hang' | 'reset', status: number) => (kind === 'status' ? { kind, status } : { kind });

  return {
    platformOptions: { chatwoot: { standIn: standin, hmacToken } },
    check(reply) {
      if (reply.kind === 'text') reply.buttons?.forEach(choiceButton);
      if (reply.kind === 'carousel') {
        const linked = reply.cards.find((card) => card.url);
        if (linked) throw new Error(`card "${linked.title}": a Chatwoot card has no link of its own; add a url button ({ title, url })`);
      }
      if ((reply.kind === 'image' || reply.kind === 'audio' || reply.kind === 'video' || reply.kind === 'file') && typeof reply.source === 'string')
        loopbackOnly(reply.kind, reply.source);
    },
    standInUrl: standin.url,
    respond: (next) => void (responder = next),
    setDelay: (ms) => agent.setReplyDelay(ms),
    async say(conversation, reply) {
      const { callback } = await standin.agentSay(conversationOf(conversation), await toMessage(reply));
      if (callback.error) throw new Error(`the relay refused the callback: ${callback.error}`);
    },
    received: () => [...turns],
    requests: () => standin.received.map(requestOf),
    fault: (kind, count, status = 503) => void standin.messageFaults.push(...Array.from({ length: count }, () => faultOf(kind, status))),
    setDown: (down) => standin.setDown(down),
    async typing(conversation, on) {
      const callback = await standin.typing(conversationOf(conversation()), on);
      if (callback.error) throw new Error(`the relay refused the typing callback: ${callback.error}`);
    },
    async resolve(conversation) {
      standin.setStatus(conversationOf(conversation()), 'resolved');
      await standin.settle();
    },
    clear() {
      turns.length = 0;
      standin.received.length = 0;
      standin.faults.length = 0;
      standin.messageFaults.length = 0;
      standin.setDown(false);
    },
    async close() {
      agent.stop();
      await standin.close();
    },
  };
};
