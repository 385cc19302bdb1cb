import type { ChatwootClient } from '../client/index.ts';
import { ChatwootError } from '../client/errors.ts';

/**
 * `sent`: Chatwoot took it; `skipped`: the visitor has no contact or conversation yet, so nothing was called;
 * `unavailable`: the server answered 404 (older than 3.1 without the endpoint, or the conversation is gone).
 */
export type SignalResult = 'sent' | 'skipped' | 'unavailable';

interface SignalState {
  sourceId?: string;
  conversationId?: number;
}

const send = async (state: SignalState, call: (sourceId: string, conversationId: number) => Promise<unknown>): Promise<SignalResult> => {
  const { sourceId, conversationId } = state;
  if (!sourceId || conversationId === undefined) return 'skipped';
  try {
    await call(sourceId, conversationId);
    return 'sent';
  } catch (error) {
    if (error instanceof ChatwootError && error.endpointMissing) return 'unavailable';
    throw error;
  }
};

/** The visitor's typing on/off for the agent (toggle_typing). Other failures throw the ChatwootError (never retried). */
export const sendTyping = (client: ChatwootClient, state: SignalState, on: boolean): Promise<SignalResult> =>
  send(state, (sourceId, conversationId) => client.toggleTyping(sourceId, conversationId, on));

/** The visitor has seen the conversation (update_last_seen: the agent's messages turn `read`). */
export const markSeen = (client: ChatwootClient, state: SignalState): Promise<SignalResult> =>
  send(state, (sourceId, conversationId) => client.updateLastSeen(sourceId, conversationId));
