import type { Body, OutgoingBody } from '../../../../src/protocol/index.ts';
import { DeliveryError } from '../../types.ts';
import type { FilePart } from '../../files.ts';
import type { ChatwootClient, ContactDraft } from '../client/index.ts';
import { deliverAnswer } from './answer.ts';
import { ChatwootError } from '../client/errors.ts';
import type { PublicMessage } from '../client/schemas.ts';

export { chatwootMessageId, submittedValues } from './answer.ts';
export { markSeen, sendTyping, type SignalResult } from './signals.ts';

/** What the relay keeps per visitor for Chatwoot (docs/platforms/chatwoot.md#identifiers); a plain object, passed in and returned updated. */
export interface ChatwootVisitorState {
  sourceId?: string;
  pubsubToken?: string;
  contactId?: number;
  /** The conversation's display_id. */
  conversationId?: number;
}

type MediaBody = Extract<Body, { kind: 'image' | 'audio' | 'video' | 'file' }>;
type AttachmentRef = Extract<OutgoingBody, { kind: 'attachment' }>;

export interface DeliverOptions {
  client: ChatwootClient;
  state: ChatwootVisitorState;
  body: Body | OutgoingBody;
  /** Name, email and (for an identified visitor) identifier + identifier_hash for the contact. */
  contact?: Omit<ContactDraft, 'sourceId'>;
  echoId?: string;
  /** The bytes of the visitor's upload behind a media or attachment body; undefined when it is gone. */
  loadFile?: (body: MediaBody | AttachmentRef) => Promise<FilePart | undefined>;
  /**
   * For an `answer` body: the Chatwoot message id of the question it answers (from the stored question's
   * externalId, `<id>` or `<id>:<part>`: see chatwootMessageId). Without it an answer fails for good.
   */
  answerTo?: number;
  /** Called after each change of the state, before the next call, so a failure later does not lose a created contact. */
  onState?: (state: ChatwootVisitorState) => void | Promise<void>;
}

export interface DeliverResult {
  state: ChatwootVisitorState;
  message: PublicMessage;
  /** The identifier_hash was refused (HTTP 500): the contact was created without the identity. */
  identityRefused: boolean;
}

const asDelivery = (error: unknown): DeliveryError => {
  if (error instanceof DeliveryError) return error;
  if (error instanceof ChatwootError) return new DeliveryError(error.message, error.retryable, error.status);
  return new DeliveryError(error instanceof Error ? error.message : String(error), true);
};

const toDraft = async ({ body, loadFile }: DeliverOptions): Promise<{ content?: string; attachments?: FilePart[] }> => {
  switch (body.kind) {
    case 'text':
      return { content: body.text };
    // Chatwoot postbacks never reach the server (docs/platforms/chatwoot.md#answers); the agent sees the visitor's
    // choice as text.
    case 'postback':
      return { content: body.title };
    case 'image':
    case 'audio':
    case 'video':
    case 'file':
    case 'attachment': {
      const file = await loadFile?.(body);
      if (file) return { attachments: [file] };
      // Without the bytes a stored media message still reaches the agent as its public link.
      if (body.kind !== 'attachment' && !loadFile) return { content: `${body.name ?? 'File'}: ${body.url}` };
      throw new DeliveryError('the uploaded file is no longer available', false);
    }
    default:
      throw new DeliveryError(`Chatwoot cannot take a "${body.kind}" message from a visitor`, false);
  }
};

/**
 * Sends one visitor message: creates the contact on the first message, then the conversation, then posts it.
 * A vanished contact/conversation (404) is re-created and the post retried once. An `answer` goes to the
 * question's message instead (see deliverAnswer). Throws DeliveryError.
 */
export const deliverToChatwoot = async (options: DeliverOptions): Promise<DeliverResult> => {
  const { client, contact = {}, echoId, onState, body } = options;
  if (body.kind === 'answer') {
    // An answer changes the question in place (PATCH submitted_values); it creates no contact or message.
    const { message, identityRefused } = await deliverAnswer({ client, state: options.state, body, answerTo: options.answerTo, contact });
    return { state: { ...options.state }, message, identityRefused };
  }
  let state: ChatwootVisitorState = { ...options.state };
  let identityRefused = false;
  const save = async (next: ChatwootVisitorState) => {
    state = next;
    await onState?.({ ...state });
  };

  const ensureContact = async (): Promise<string> => {
    if (state.sourceId && state.pubsubToken !== undefined) return state.sourceId;
    // A known source_id is passed back: Chatwoot returns that contact_inbox if it still exists, else makes one with it.
    const draft: ContactDraft = { ...contact, ...(state.sourceId ? { sourceId: state.sourceId } : {}) };
    let created;
    try {
      created = await client.createContact(identityRefused ? { ...draft, identifier: undefined, identifierHash: undefined } : draft);
    } catch (error) {
      if (!(error instanceof ChatwootError && error.hmacRefused)) throw error;
      // Nothing the visitor wrote is lost over a bad hash: they go on as an anonymous contact.
      identityRefused = true;
      created = await client.createContact({ ...draft, identifier: undefined, identifierHash: undefined });
    }
    const fresh = created.source_id !== state.sourceId;
    await save({
      sourceId: created.source_id,
      pubsubToken: created.pubsub_token ?? '',
      contactId: created.id,
      ...(fresh ? {} : { conversationId: state.conversationId }),
    });
    return created.source_id;
  };

  const ensureConversation = async (sourceId: string): Promise<number> => {
    if (state.conversationId !== undefined) return state.conversationId;
    const created = await client.createConversation(sourceId);
    await save({ ...state, conversationId: created.id });
    return created.id;
  };

  const attempt = async () => {
    const sourceId = await ensureContact();
    const conversationId = await ensureConversation(sourceId);
    return client.createMessage(sourceId, conversationId, { ...draft, ...(echoId ? { echoId } : {}) });
  };

  const draft = await toDraft(options);
  try {
    let message: PublicMessage;
    try {
      message = await attempt();
    } catch (error) {
      if (!(error instanceof ChatwootError && error.vanished)) throw error;
      // Gone upstream (deleted contact or conversation): make them again, keeping the source_id, and post once more.
      const { sourceId } = state;
      await save(sourceId ? { sourceId } : {});
      message = await attempt();
    }
    return { state, message, identityRefused };
  } catch (error) {
    const failure = asDelivery(error);
    // A 404 right after re-creating means a wrong inbox identifier or a server in trouble: retry later, lose nothing.
    if (error instanceof ChatwootError && error.vanished) throw new DeliveryError(failure.message, true, failure.status);
    throw failure;
  }
};
