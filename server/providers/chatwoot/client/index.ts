import { isHttpUrl } from '../../../../src/protocol/url.ts';
import type { FilePart } from '../../files.ts';
import { ChatwootError } from './errors.ts';
import { request, type Call } from './http.ts';
import { PublicContact, PublicConversation, PublicInbox, PublicMessage, PublicMessageList, UpdatedContact } from './schemas.ts';

export interface ChatwootClientOptions {
  /** CHATWOOT_URL, e.g. https://chat.example.com (a path prefix is kept). */
  baseUrl: string;
  /** The API inbox's identifier (CHATWOOT_INBOX_IDENTIFIER). */
  inboxIdentifier: string;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

export interface ContactDraft {
  /** Re-creating a known contact: Chatwoot returns the existing contact_inbox for this source_id, else makes one with it. */
  sourceId?: string;
  /** An identified visitor: the site's user id and its hex HMAC-SHA256 with the inbox's hmac_token. */
  identifier?: string;
  identifierHash?: string;
  name?: string;
  email?: string;
  phoneNumber?: string;
  avatarUrl?: string;
  customAttributes?: Record<string, unknown>;
}

export interface MessageDraft {
  content?: string;
  /** Not stored upstream; echoed on the websocket `message.created` only. */
  echoId?: string;
  /** Sent as multipart `attachments[]` (at most 15 per message upstream). */
  attachments?: FilePart[];
}

export const MAX_ATTACHMENTS = 15;

/** A reply to an interactive message (docs/platforms/chatwoot.md#answers): the chosen option(s), the form's fields, or a CSAT rating. */
export type SubmittedValues = { title: string; value: string }[] | { name: string; value: string }[] | { csat_survey_response: { rating: number; feedback_message?: string } };

const toBlob = ({ data, type }: FilePart): Blob => {
  if (data instanceof Blob) return data.type || !type ? data : new Blob([data], { type });
  // A copy into a fresh ArrayBuffer: Blob takes no SharedArrayBuffer-backed views.
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(data);
  return new Blob([bytes], { type });
};

/** The public (client) API of one API-channel inbox (docs/platforms/chatwoot.md#client-api). No auth header: the contact's source_id is the key. */
export const createChatwootClient = ({ baseUrl, inboxIdentifier, fetch = globalThis.fetch, timeoutMs = 10_000 }: ChatwootClientOptions) => {
  const root = new URL(baseUrl);
  if (!isHttpUrl(baseUrl)) throw new Error('CHATWOOT_URL must be an http(s) URL');
  const prefix = `${root.pathname.replace(/\/+$/, '')}/public/api/v1/inboxes/${encodeURIComponent(inboxIdentifier)}`;
  const options = { fetch, timeoutMs };

  const url = (segments: (string | number)[], query: Record<string, string | number | undefined> = {}): URL => {
    const target = new URL(root.origin);
    target.pathname = [prefix, ...segments.map((segment) => encodeURIComponent(String(segment)))].join('/');
    for (const [key, value] of Object.entries(query)) if (value !== undefined) target.searchParams.set(key, String(value));
    return target;
  };
  const conversation = (sourceId: string, conversationId: number, ...rest: (string | number)[]) => url(['contacts', sourceId, 'conversations', conversationId, ...rest]);
  const call = (init: Omit<Call, 'notFound'> & { notFound?: Call['notFound'] }): Call => ({ notFound: 'vanished', ...init });

  /** The JSON body of a contacts call: only the fields given; identifier_hash only with its identifier. */
  const contactBody = (draft: ContactDraft): Record<string, unknown> => {
    const body: Record<string, unknown> = {};
    if (draft.sourceId) body['source_id'] = draft.sourceId;
    if (draft.identifier) body['identifier'] = draft.identifier;
    if (draft.identifier && draft.identifierHash) body['identifier_hash'] = draft.identifierHash;
    if (draft.name) body['name'] = draft.name;
    if (draft.email) body['email'] = draft.email;
    if (draft.phoneNumber) body['phone_number'] = draft.phoneNumber;
    if (draft.avatarUrl) body['avatar_url'] = draft.avatarUrl;
    if (draft.customAttributes) body['custom_attributes'] = draft.customAttributes;
    return body;
  };

  /** One page: the latest 20 messages, or the 20 before `before`, ascending. */
  const listMessages = (sourceId: string, conversationId: number, { before }: { before?: number } = {}) => {
    const target = conversation(sourceId, conversationId, 'messages');
    if (before !== undefined) target.searchParams.set('before', String(before));
    return request(options, call({ method: 'GET', url: target, what: 'list messages' }), PublicMessageList);
  };

  return {
    /** Finds or creates the contact (+ contact_inbox); keep `source_id` and `pubsub_token` with the visitor. */
    createContact: (draft: ContactDraft = {}) => {
      const body = contactBody(draft);
      const hmac = body['identifier_hash'] !== undefined;
      return request(options, call({ method: 'POST', url: url(['contacts']), body, hmac, what: 'create contact' }), PublicContact);
    },

    /**
     * Changes the contact's name, email, phone or attributes (`identifier` only proves the identity, it is never saved).
     * Answers the public contact on new servers, the full Contact record on older ones: both parse.
     */
    updateContact: (sourceId: string, draft: Omit<ContactDraft, 'sourceId'>) => {
      const body = contactBody(draft);
      const hmac = body['identifier_hash'] !== undefined;
      return request(options, call({ method: 'PATCH', url: url(['contacts', sourceId]), body, hmac, what: 'update contact' }), UpdatedContact);
    },

    createConversation: (sourceId: string, customAttributes?: Record<string, unknown>) =>
      request(
        options,
        call({
          method: 'POST',
          url: url(['contacts', sourceId, 'conversations']),
          body: customAttributes ? { custom_attributes: customAttributes } : {},
          what: 'create conversation',
        }),
        PublicConversation,
      ),

    /** Since 3.7: a 404 may mean an older server (`missing`), so re-reading the status is then skipped. */
    /** The inbox itself: its name, timezone and working hours (no contact needed). */
    getInbox: () => request(options, call({ method: 'GET', url: url([]), what: 'read inbox' }), PublicInbox),

    getConversation: (sourceId: string, conversationId: number) =>
      request(options, call({ method: 'GET', url: conversation(sourceId, conversationId), notFound: 'missing', what: 'read conversation' }), PublicConversation),

    listMessages,

    /**
     * Every message with an id above `after` (all the server has when undefined), ascending by (created_at, id).
     * The API only pages backwards, so this walks back until it passes `after`, at most `maxPages` pages.
     */
    async listMessagesAfter(sourceId: string, conversationId: number, { after, maxPages = 10 }: { after?: number; maxPages?: number } = {}) {
      const seen = new Map<number, PublicMessage>();
      let before: number | undefined;
      for (let page = 0; page < maxPages; page += 1) {
        const batch = await listMessages(sourceId, conversationId, before === undefined ? {} : { before });
        for (const message of batch) if (after === undefined || message.id > after) seen.set(message.id, message);
        if (batch.length === 0) break;
        const oldest = Math.min(...batch.map((message) => message.id));
        if ((after !== undefined && oldest <= after) || (before !== undefined && oldest >= before)) break;
        before = oldest;
      }
      return [...seen.values()].sort((a, b) => a.created_at - b.created_at || a.id - b.id);
    },

    /** Text, attachments, or both; attachments go as multipart `attachments[]`. */
    createMessage: (sourceId: string, conversationId: number, { content, echoId, attachments = [] }: MessageDraft) => {
      if (attachments.length > MAX_ATTACHMENTS) {
        return Promise.reject(new ChatwootError(`Chatwoot create message: at most ${MAX_ATTACHMENTS} attachments per message`, 'refused'));
      }
      let body: Record<string, unknown> | FormData;
      if (attachments.length === 0) {
        body = { content: content ?? '', ...(echoId ? { echo_id: echoId } : {}) };
      } else {
        body = new FormData();
        if (content) body.append('content', content);
        if (echoId) body.append('echo_id', echoId);
        for (const file of attachments) body.append('attachments[]', toBlob(file), file.name);
      }
      return request(options, call({ method: 'POST', url: conversation(sourceId, conversationId, 'messages'), body, what: 'create message' }), PublicMessage);
    },

    /** The visitor's answer to an interactive message (select, form, CSAT). */
    submitValues: (sourceId: string, conversationId: number, messageId: number, submittedValues: SubmittedValues) =>
      request(
        options,
        call({
          method: 'PATCH',
          url: conversation(sourceId, conversationId, 'messages', messageId),
          body: { submitted_values: submittedValues },
          what: 'answer message',
        }),
        PublicMessage,
      ),

    /** Since 3.1: a 404 means `missing` on older servers (turn typing off quietly). */
    toggleTyping: (sourceId: string, conversationId: number, on: boolean) =>
      request(
        options,
        call({
          method: 'POST',
          url: conversation(sourceId, conversationId, 'toggle_typing'),
          body: { typing_status: on ? 'on' : 'off' },
          notFound: 'missing',
          what: 'toggle typing',
        }),
      ),

    /** Since 3.1: a 404 means `missing` on older servers (turn read receipts off quietly). */
    updateLastSeen: (sourceId: string, conversationId: number) =>
      request(options, call({ method: 'POST', url: conversation(sourceId, conversationId, 'update_last_seen'), notFound: 'missing', what: 'update last seen' })),
  };
};

export type ChatwootClient = ReturnType<typeof createChatwootClient>;
