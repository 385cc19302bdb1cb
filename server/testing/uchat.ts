import type { Logger } from '../log.ts';
import { createDemoBot, createSimulator, type BotUrlBody, type BotUrlRequest, type Push } from '../standins/uchat/index.ts';
import { fileName } from '../providers/uchat/parse.ts';
import { notOn, pause, received, type Driver, type FaultKind, type Responder } from './driver.ts';
import { createSamples, loadMedia, SAMPLES, type MediaFile } from './media.ts';
import { buttonOf } from './replies.ts';
import type { ButtonSpec, Received, Reply } from './types.ts';

export interface UchatDriverOptions {
  logger: Logger;
  replyDelayMs: number;
  /** Serves a file on this machine (the kit's test page server) and answers its URL: UChat pushes media by URL. */
  host(file: MediaFile): string;
}

/** What bot_url got, normalised (docs/platforms/uchat.md#sending). */
export const fromBotUrl = ({ path, body }: Pick<BotUrlRequest, 'path' | 'body'>): Received => {
  const raw = { path, body };
  const conversation = body.sender.id;
  if ('attachments' in body) {
    const attachments = body.attachments.map((a) => ({ type: a.file_type, url: a.data_url, ...(fileName(a.data_url) ? { name: fileName(a.data_url)! } : {}) }));
    return received({ kind: 'attachment' as const, attachments }, conversation, raw);
  }
  if ('submitted_values' in body) {
    const [choice] = body.submitted_values;
    return received({ kind: 'postback' as const, title: choice?.title ?? body.content, payload: choice?.payload ?? '' }, conversation, raw);
  }
  return received({ kind: 'text' as const, text: body.content }, conversation, raw);
};

const uchatButton = (button: ButtonSpec) => {
  const b = buttonOf(button);
  return 'url' in b ? { type: 'web_url', title: b.title, url: b.url } : { type: 'postback', title: b.title, payload: b.payload };
};

/** The UChat simulator, scripted: the kit's responder first, the demo bot for what it leaves. */
export const createUchatDriver = async ({ logger, replyDelayMs, host }: UchatDriverOptions): Promise<Driver> => {
  let responder: Responder = () => undefined;
  let delayMs = replyDelayMs;
  const demo = createDemoBot();
  const sample = createSamples();
  /** The latest conversation_id UChat gave each sender: pushes name both. */
  const conversations = new Map<string, number>();

  /** A reply as the pushes UChat sends (docs/platforms/uchat.md#pushes). */
  const toPush = async (reply: Reply): Promise<Push> => {
    switch (reply.kind) {
      case 'text':
        return reply.buttons?.length
          ? { type: 'text', text: reply.text, content_type: 'button_template', content_attributes: { text: reply.text, buttons: reply.buttons.map(uchatButton) } }
          : { type: 'text', text: reply.text };
      case 'carousel':
        return {
          type: 'text',
          text: '',
          content_type: 'generic_template',
          content_attributes: {
            ratio: reply.ratio ?? 'horizontal',
            items: reply.cards.map((card) => ({
              title: card.title,
              subtitle: card.subtitle ?? '',
              image_url: card.image ?? null,
              item_url: card.url ?? null,
              default_action: card.url ? { type: 'web_url', url: card.url } : null,
              buttons: (card.buttons ?? []).map(uchatButton),
            })),
          },
        };
      case 'image':
      case 'audio':
      case 'video':
      case 'file': {
        const { source } = reply;
        const url =
          source === undefined ? `${simulator.url}/media/${SAMPLES[reply.kind]}` : typeof source === 'string' ? source : host(await loadMedia(reply.kind, source, sample));
        return { type: reply.kind, url };
      }
      case 'raw':
        return reply.message;
      default:
        throw notOn('UChat', `bot.${reply.kind === 'articles' ? 'articles' : reply.kind}(…)`, 'UChat sends text, buttons (bot.text(text, { buttons })), carousels and media');
    }
  };

  const addressed = (sender: string, push: Push): Push => {
    const conv = conversations.get(sender);
    return { sender_id: sender, ...(conv === undefined ? {} : { conv_id: conv }), message_type: 'outgoing', private: false, ...push };
  };

  const simulator = await createSimulator({
    logger,
    bot: async (request: BotUrlBody, context) => {
      conversations.set(request.sender.id, request.conversation_id);
      await pause(delayMs);
      const replies = responder(fromBotUrl({ path: '', body: request }));
      if (replies === undefined) return demo(request, context);
      return Promise.all(replies.map(async (reply) => addressed(request.sender.id, await toPush(reply))));
    },
  });

  const refused = (status: number, body: string) => new Error(`the relay refused the push: HTTP ${status} ${body.slice(0, 200)}`);
  const faultOf = (kind: FaultKind, status: number) => (kind === 'status' ? { kind, status } : { kind });

  return {
    platformOptions: { uchat: { standIn: simulator } },
    check(reply) {
      if (['select', 'form', 'articles', 'email', 'csat'].includes(reply.kind)) {
        throw notOn('UChat', `bot.${reply.kind}(…)`, 'UChat sends text, buttons (bot.text(text, { buttons })), carousels and media');
      }
    },
    standInUrl: simulator.url,
    respond: (next) => void (responder = next),
    setDelay: (ms) => void (delayMs = ms),
    async say(conversation, reply) {
      const { status, body } = await simulator.push(addressed(conversation, await toPush(reply)));
      if (status >= 300) throw refused(status, body);
    },
    received: () => simulator.received.map(fromBotUrl),
    requests: () => simulator.received.map(({ path, body }) => ({ method: 'POST', path, body })),
    fault: (kind, count, status = 503) => void simulator.faults.botUrl.push(...Array.from({ length: count }, () => faultOf(kind, status))),
    setDown: (down) => void (simulator.faults.down = down),
    typing: () => Promise.reject(new Error('bot.typing: UChat sends no typing signal; the widget shows typing while the bot prepares its answer (bot.delay(ms))')),
    resolve: () => Promise.reject(new Error('bot.resolve: UChat conversations are not resolved; this is a Chatwoot action')),
    clear() {
      simulator.received.length = 0;
      simulator.faults.botUrl.length = 0;
      simulator.faults.down = false;
    },
    close: () => simulator.close(),
  };
};
