import type { BotUrlBody } from './bot-url.ts';
import { carouselPush, mediaPushes, menuPush, PAYLOAD, pickReply, squareCardPush, textPush, type BotContext, type Push, type Recipient } from './demo-pushes.ts';

export { PAYLOAD, type BotContext, type Push } from './demo-pushes.ts';

/** Decides what the workspace's bot answers to one bot_url request; the pushes are sent in order. */
export type SimulatorBot = (request: BotUrlBody, context: BotContext) => Push[] | Promise<Push[]>;

const GREETING = /^(hi|hello|hey|help|menu)\b/i;
/** Typed shortcuts to what the menu's buttons show, so a flow can reach every kind by typing. */
const COMMAND = /^(cards?|media)[.!?]*$/i;

/**
 * The demo bot, deterministic so QA flows can assert on it:
 * - a greeting (hi / hello / hey / help / menu) → `Hello! … You said: "<text>"`, then the menu (button template);
 * - `cards` or the SHOW_CARDS button → a carousel of three horizontal cards, then one square card;
 * - `media` or the SHOW_MEDIA button → an image, an audio clip, a video and a file, one push each;
 * - a card's `Pick …` button → `You picked the <Name> card.`; the MENU button → the menu;
 * - any other text → `You said: "<text>"`; any other button → `You chose "<title>".`;
 * - an upload → `Thanks, I received your <file_type>.`
 */
export const createDemoBot = (): SimulatorBot => (request, context) => {
  const to: Recipient = { senderId: request.sender.id, convId: request.conversation_id };
  const cards = () => [carouselPush(to, context), squareCardPush(to, context)];

  if ('submitted_values' in request) {
    const choice = request.submitted_values[0];
    const payload = choice?.payload ?? '';
    if (payload === PAYLOAD.menu) return [menuPush(to, context)];
    if (payload === PAYLOAD.cards) return cards();
    if (payload === PAYLOAD.media) return mediaPushes(to, context);
    return [pickReply(to, payload) ?? textPush(to, `You chose "${choice?.title ?? request.content}".`)];
  }
  if ('attachments' in request) {
    return [textPush(to, `Thanks, I received your ${request.attachments[0]?.file_type ?? 'file'}.`)];
  }
  const text = request.content.trim();
  const command = COMMAND.exec(text)?.[1]?.toLowerCase();
  if (command === 'media') return mediaPushes(to, context);
  if (command) return cards();
  if (GREETING.test(text)) return [textPush(to, `Hello! I'm the Chatport demo bot; I repeat what you type. You said: "${text}"`), menuPush(to, context)];
  return [textPush(to, `You said: "${text}"`)];
};
