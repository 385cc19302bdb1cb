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
  dropHere: 'Drop files here',
  conversation: 'Conversation',
  empty: 'Send a message to start the conversation.',
  older: 'Show earlier messages',
  loading: 'Loading…',
  typing: 'Typing…',
  you: 'You',
  bot: 'Bot',
  agent: 'Agent',
  sending: 'Sending…',
  queued: 'Waiting for connection…',
  sent: 'Sent',
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
  resolved: 'This conversation was closed. Write a message to start a new one.',
};

/** English keeps the templates' words in ./rich.ts (loaded with the templates); the other locales carry them here. */
export type Strings = typeof en & { rich?: RichStrings };
