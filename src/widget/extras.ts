import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Env } from './conversation/env.ts';

/** The conversation chunk: times, senders, groups, Markdown, the welcome, away hours, the greeting and the tab title. */
export type Conversation = typeof import('./conversation/index.tsx');

/**
 * Loaded once the widget has drawn (it is not needed before the first message): until it is here, and if it cannot
 * be fetched, the transcript draws as before: plain text, a status line under the visitor's messages.
 */
export const loadConversation = (): Promise<Conversation> => import('./conversation/index.tsx');

/** What the conversation chunk draws with, once it is loaded (undefined until then). */
export const ConversationContext = createContext<Env | undefined>(undefined);
export const useConversation = (): Env | undefined => useContext(ConversationContext);
