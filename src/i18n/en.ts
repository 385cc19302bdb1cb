import type { ConvStrings } from './conversation.ts';
import type { RichStrings } from './rich.ts';

/** Every word the visitor sees or hears, in English; the other locales implement the same shape. */
export const en = {
  dir: 'ltr' as 'ltr' | 'rtl',
  openChat: 'Open chat',
  closeChat: 'Close chat',
  /** The launcher's name while closed with replies waiting. */
  openUnread: (n: number) => `Open chat, ${n} unread ${n === 1 ? 'message' : 'messages'}`,
  close: 'Close',
  chat: 'Chat',
  message: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  attach: 'Attach a file',
  conversation: 'Conversation',
  empty: 'Send a message to start the conversation.',
  you: 'You',
  bot: 'Bot',
  agent: 'Agent',
  sending: 'Sending…',
  queued: 'Waiting for connection…',
  sent: 'Sent',
  read: 'Read',
  failed: 'Failed',
  retry: 'Retry',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline. Messages will be sent when you are back online.',
  // Templates
  cards: (n: number) => `${n} cards`,
  file: 'File',
  image: 'Image',
  audio: 'Audio',
  video: 'Video',
  cannotShow: 'This message cannot be shown here.',
  deleted: 'This message was deleted.',
};

/**
 * English keeps the templates' words in ./rich.ts and the conversation chunk's in ./conversation.ts (each loaded with
 * its chunk); the other locales carry them here.
 */
export type Strings = typeof en & { rich?: RichStrings; conv?: ConvStrings };
