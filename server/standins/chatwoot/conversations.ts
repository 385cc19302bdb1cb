import { findContactInbox, type PublicAnswer, type PublicContext, type PublicRequest } from './contacts.ts';
import { notFound } from './http.ts';
import { handleMessages } from './messages.ts';
import { setStatus } from './status.ts';
import type { ContactInbox, Conversation, StandinState } from './state.ts';
import { unixNow } from './state.ts';

/** A verified contact_inbox sees all of the contact's conversations, otherwise only its own (docs/platforms/chatwoot.md#server-behaviour). */
export const visibleConversations = (state: StandinState, row: ContactInbox): Conversation[] => {
  if (!row.hmac_verified) return state.conversations.filter((c) => c.contact_inbox_id === row.id);
  const rows = new Set(state.contactInboxes.filter((ci) => ci.contact_id === row.contact_id).map((ci) => ci.id));
  return state.conversations.filter((c) => rows.has(c.contact_inbox_id));
};

const findConversation = (state: StandinState, row: ContactInbox, id: string | undefined): Conversation => {
  const conversation = /^\d+$/.test(id ?? '') ? visibleConversations(state, row).find((c) => c.id === Number(id)) : undefined;
  if (!conversation) throw notFound();
  return conversation;
};

const typingStatus = (request: PublicRequest): unknown => {
  const json = request.body.json as Record<string, unknown> | undefined;
  return json?.['typing_status'] ?? request.body.fields['typing_status'] ?? request.query.get('typing_status');
};

/** Routes under /contacts/{source_id}/conversations; undefined for paths that are not theirs. */
export const handleConversations = (context: PublicContext, request: PublicRequest): PublicAnswer | undefined => {
  const { state, shapes } = context;
  const { method, segments } = request;
  if (segments[2] !== 'conversations') return undefined;
  const row = findContactInbox(state, segments[1]);
  if (segments.length === 3) {
    if (method === 'GET') return { status: 200, json: visibleConversations(state, row).map(shapes.publicConversation) };
    if (method !== 'POST') return undefined;
    const json = request.body.json as Record<string, unknown> | undefined;
    const custom = json?.['custom_attributes'];
    const conversation = state.addConversation(row.id, custom && typeof custom === 'object' ? (custom as Record<string, unknown>) : {});
    context.emit({ event: 'conversation_created', ...shapes.conversationWebhook(conversation) });
    return { status: 200, json: shapes.publicConversation(conversation) };
  }
  const conversation = findConversation(state, row, segments[3]);
  const action = segments[4];
  if (segments.length === 4 && method === 'GET') return { status: 200, json: shapes.publicConversation(conversation) };
  if (segments.length === 5 && method === 'POST' && action === 'toggle_status') {
    setStatus(context, conversation, 'resolved'); // resolve only; no reopen through this route
    return { status: 200, json: shapes.publicConversation(conversation) };
  }
  if (segments.length === 5 && method === 'POST' && action === 'toggle_typing') {
    const status = typingStatus(request);
    if (status === 'on' || status === 'off') {
      // The visitor's own typing reaches the inbox webhook with the contact as `user`
      // (docs/platforms/chatwoot.md#callbacks).
      const user = shapes.contactWebhookSender(state.contactOf(conversation));
      context.emit({ event: `conversation_typing_${status}`, user, conversation: shapes.conversationWebhook(conversation), is_private: false });
    }
    return { status: 200 };
  }
  if (segments.length === 5 && method === 'POST' && action === 'update_last_seen') {
    conversation.contact_last_seen_at = unixNow();
    for (const message of state.messages) {
      if (message.conversation_id === conversation.id && message.message_type === 1 && message.created_at <= conversation.contact_last_seen_at) message.status = 'read';
    }
    return { status: 200 };
  }
  if (action === 'messages') return handleMessages(context, request, conversation);
  return undefined;
};
