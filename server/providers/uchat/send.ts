import { DeliveryError, type Delivery } from '../types.ts';

export interface BotUrlSender {
  id: string;
  name: string;
  /** The identified visitor's email, else empty (UChat's examples send ''). */
  email: string;
  phone_number: '';
  type: 'contact';
}

interface BotUrlCommon {
  content: string;
  message_type: 'incoming';
  sender: BotUrlSender;
  conversation_id: number;
}

/** What bot_url accepts (docs/platforms/uchat.md#sending; examples/send-*.json). */
export type BotUrlBody =
  | (BotUrlCommon & { event: 'message_created' })
  | (BotUrlCommon & { event: 'message_postback'; submitted_values: [{ title: string; payload: string }] })
  | (BotUrlCommon & { event: 'message_created'; attachments: [{ file_type: 'image' | 'audio' | 'video' | 'file'; data_url: string }] });

/** A readable name for the platform's inbox: "Visitor 3f9a1c2b". */
export const visitorName = (visitorId: string): string => {
  const short = visitorId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
  return `Visitor ${short || 'guest'}`;
};

/** The exact bot_url body for one visitor message; kinds a visitor cannot send to UChat are refused for good. */
export const buildBotUrlBody = ({ visitor, conversation, message }: Delivery): BotUrlBody => {
  const common = (content: string): BotUrlCommon => ({
    content,
    message_type: 'incoming',
    // An identified visitor shows in the inbox under the name and email the site gave; others get a short label.
    sender: { id: visitor.id, name: visitor.name ?? visitorName(visitor.id), email: visitor.email ?? '', phone_number: '', type: 'contact' },
    conversation_id: conversation.number,
  });
  const { body } = message;
  switch (body.kind) {
    case 'text':
      return { ...common(body.text), event: 'message_created' };
    // UChat asks no such questions itself; an answer still reaches the bot as what the visitor saw themselves say.
    case 'answer':
      return { ...common(body.text), event: 'message_created' };
    case 'postback':
      return { ...common(body.title), event: 'message_postback', submitted_values: [{ title: body.title, payload: body.payload }] };
    case 'image':
    case 'audio':
    case 'video':
    case 'file':
      return { ...common(''), event: 'message_created', attachments: [{ file_type: body.kind, data_url: body.url }] };
    default:
      throw new DeliveryError(`UChat's bot_url cannot take a "${body.kind}" message from a visitor`, false);
  }
};
