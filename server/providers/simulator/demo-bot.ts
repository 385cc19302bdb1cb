import type { BotUrlBody } from './bot-url.ts';

/** A push the simulator signs and sends to the registered webhook (the contract's receive-*.json shapes). */
export type Push = Record<string, unknown>;

/** Decides what the workspace's bot answers to one bot_url request; the pushes are sent in order. */
export type SimulatorBot = (request: BotUrlBody) => Push[] | Promise<Push[]>;

const GREETING = /^(hi|hello|hey|help)\b/i;

/**
 * The demo bot: echoes text (greeting first for hi/hello/help), names the button a visitor pressed and
 * acknowledges uploads. Deterministic, so QA flows can assert on `You said: "<text>"`.
 */
export const createDemoBot = (): SimulatorBot => (request) => {
  const reply = (text: string): Push => ({
    sender_id: request.sender.id,
    conv_id: request.conversation_id,
    text,
    type: 'text',
    message_type: 'outgoing',
    private: false,
  });
  if ('submitted_values' in request) {
    const choice = request.submitted_values[0];
    return [reply(`You chose "${choice?.title ?? request.content}".`)];
  }
  if ('attachments' in request) {
    return [reply(`Thanks, I received your ${request.attachments[0]?.file_type ?? 'file'}.`)];
  }
  const text = request.content.trim();
  const greeting = GREETING.test(text) ? "Hello! I'm the Chatport demo bot; I repeat what you type. " : '';
  return [reply(`${greeting}You said: "${text}"`)];
};
