import type { Body, Button, OutgoingBody } from '../../src/protocol/index.ts';
import { HttpError } from '../http/errors.ts';
import type { Store } from '../store/types.ts';
import { newestBody } from './answers.ts';

type Press = Extract<OutgoingBody, { kind: 'postback' }>;
type PostbackButton = Extract<Button, { type: 'postback' }>;

const refuse = (message: string) => new HttpError(422, 'unknown_button', message);

/** Every postback button a message offers: a button template's, and each card's buttons and default action. */
const postbackButtons = (body: Body): PostbackButton[] => {
  const buttons =
    body.kind === 'buttons' ? body.buttons : body.kind === 'carousel' ? body.items.flatMap((item) => [...item.buttons, ...(item.defaultAction ? [item.defaultAction] : [])]) : [];
  return buttons.filter((button): button is PostbackButton => button.type === 'postback');
};

/**
 * A press must name a postback button the bot or an agent sent to this conversation: message `to` (as it stands now,
 * its newest version) offers a postback button with exactly this payload and this title. Bots act on payloads, so
 * one never offered is refused (422, nothing stored); the title must match too, since it is what the transcript and
 * the platform show as the visitor's choice. Another conversation's message is refused like a made-up one.
 */
export const checkPostback = async (store: Store, conversationId: string, press: Press): Promise<Body> => {
  const target = await store.getMessage(conversationId, press.to);
  if (!target || target.author === 'visitor' || target.replaces) throw refuse('to: no such message from the bot in this conversation');
  const buttons = postbackButtons(await newestBody(store, conversationId, target));
  const same = buttons.filter((button) => button.payload === press.payload);
  if (same.length === 0) throw refuse('that message has no button with this payload');
  if (!same.some((button) => button.title === press.title)) throw refuse('title: not the title of the button with this payload');
  return { kind: 'postback', title: press.title, payload: press.payload };
};
