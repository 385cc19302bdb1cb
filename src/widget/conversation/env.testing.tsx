import type { ComponentChildren } from 'preact';
import { createChat, type Chat } from '../../state/chat.ts';
import { fakeRelay } from '../../state/fake-relay.ts';
import { ConversationContext, loadConversation } from '../extras.ts';
import type { WidgetOptions } from '../options.ts';

// Test helper (not part of the bundle): the conversation chunk loaded, its environment for one widget, and a wrapper
// that provides it, as App does once the chunk is here.
export const withConversation = async ({
  options = {} as WidgetOptions,
  chat,
  locale = 'en',
  title = 'Help',
}: {
  options?: WidgetOptions;
  chat?: Chat;
  locale?: string;
  title?: string;
} = {}) => {
  const x = await loadConversation();
  const relay = fakeRelay();
  const env = x.createEnv({ x, chat: chat ?? createChat({ relayUrl: 'https://relay.test/', fetch: relay.fetch }), options, title, locale });
  const wrap = (node: ComponentChildren) => <ConversationContext.Provider value={env}>{node}</ConversationContext.Provider>;
  return { x, env, wrap, relay };
};
