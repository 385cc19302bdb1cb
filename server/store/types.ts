import type { AttachmentKind, Author, Body, Message, Sender } from '../../src/protocol/index.ts';
import type { StoreLifecycle } from './lifecycle.ts';

export interface Visitor {
  /** Stable, relay-chosen; the platform's "unique bot user id" (UChat `sender.id`). */
  id: string;
  conversationId: string;
  createdAt: string;
  /** The site's own user id for an identified visitor (unique per store); absent for an anonymous visitor. */
  externalId?: string;
  /** What the site says about an identified visitor; forwarded to the platform. */
  name?: string;
  email?: string;
}

/** A visitor the site vouched for (the hash is checked before the store is asked). */
export interface IdentityDraft {
  externalId: string;
  /** undefined keeps what is stored; an empty string clears it. */
  name?: string;
  email?: string;
}

export interface Conversation {
  id: string;
  /** Small positive integer, unique per store: the platform's numeric conversation id (UChat `conversation_id`). */
  number: number;
  visitorId: string;
  createdAt: string;
  /** Every visitor message with seq <= deliveredSeq has been accepted by the platform. */
  deliveredSeq: number;
  /** Every visitor message with seq <= readSeq has been seen by an agent, where the platform reports it; absent when none. */
  readSeq?: number;
}

export interface MessageDraft {
  author: Author;
  body: Body;
  /** Visitor sends: a retried send with the same clientId is stored once. */
  clientId?: string;
  /** Platform pushes that carry an id: a redelivered push with the same externalId is stored once. */
  externalId?: string;
  /** ISO 8601; defaults to now. */
  createdAt?: string;
  /** The platform's own number for the message (ties in createdAt). */
  order?: number;
  /** Who wrote a reply, where the platform says (a Chatwoot agent's name and picture): shown with it. */
  sender?: Sender;
  /**
   * A new version of this conversation's message with that id (never itself a version). Stored once: when the
   * newest version already has this body, nothing is stored (`created: false`, `message` = that version).
   */
  replaces?: string;
  /** The visitor's upload this message sends: marked sent in the same transaction, so it is never swept as an orphan. */
  uploadId?: string;
}

export interface AppendResult {
  message: Message;
  /** false when the clientId / externalId was already stored: `message` is the earlier one. */
  created: boolean;
}

/** One message of a batch (`Store.appendBatch`): what `append(conversationId, draft, { outbox })` takes. */
export interface AppendRequest {
  conversationId: string;
  draft: MessageDraft;
  /** Queue the message for delivery to the platform in the same transaction, when it is newly stored (visitor sends). */
  outbox?: boolean;
}

export interface OutboxItem {
  id: string;
  conversationId: string;
  messageId: string;
  seq: number;
  attempts: number;
  /** Epoch milliseconds. */
  nextAttemptAt: number;
  lastError?: string;
}

/** A file a visitor uploaded; its bytes live in the blob store under `id`. */
export interface Upload {
  /** `u_…`; what the visitor's widget sends back in `{kind:'attachment', uploadId}`. */
  id: string;
  visitorId: string;
  conversationId: string;
  /** The secret part of the public address (`/files/<token>/<name>`): ≥128 random bits, base64url. Never logged. */
  token: string;
  /** Sanitised display and download name. */
  name: string;
  /** Content type without parameters, lower case, one of UPLOAD_TYPES. */
  mime: string;
  kind: AttachmentKind;
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  /** ISO 8601. */
  createdAt: string;
}

/** What recorded uploads take, in bytes. */
export interface UploadUsage {
  visitorBytes: number;
  totalBytes: number;
}

/**
 * What a provider keeps about a visitor on its platform (Chatwoot: the contact's source_id, the conversation id,
 * the pubsub_token). The refs are unique across visitors, so a platform push finds its visitor by them.
 */
export interface PlatformLink {
  visitorId: string;
  contactRef?: string;
  conversationRef?: string;
  /** Anything else the provider keeps; JSON. */
  data: Record<string, unknown>;
}

export interface ListOptions {
  /** Only messages with seq > after. */
  after?: number;
  /** Only messages with seq < before; with a limit, the newest `limit` of them. */
  before?: number;
  limit: number;
}

/** What readiness asks of a store. */
export interface StoreHealth {
  /** Schema migrations the store still lacks (0: ready). */
  migrationsPending: number;
}

export interface OutboxStats {
  /** Queued items (as outboxSize). */
  size: number;
  /** When the oldest queued message was written (epoch ms; its createdAt); undefined when nothing is queued. */
  oldestAt?: number;
}

/**
 * Everything the relay keeps. Async so a networked engine fits the same contract.
 * Every implementation passes the contract suite in `store.testing.ts`.
 */
export interface Store extends StoreLifecycle {
  /** A new visitor with their one conversation. */
  createVisitor(): Promise<{ visitor: Visitor; conversation: Conversation }>;
  getVisitor(visitorId: string): Promise<Visitor | undefined>;
  /**
   * The visitor bound to a site's user id, created with their one conversation on first use (`created`); a given
   * name / email replaces the stored one. Concurrent calls with the same id get the same visitor.
   */
  identifyVisitor(identity: IdentityDraft): Promise<{ visitor: Visitor; conversation: Conversation; created: boolean }>;
  getConversation(conversationId: string): Promise<Conversation | undefined>;
  getConversationByNumber(number: number): Promise<Conversation | undefined>;

  /**
   * Stores a message and assigns the next seq of its conversation. Idempotent on (conversation, clientId) and on
   * (conversation, externalId). With `outbox: true` a newly stored message is queued for delivery in the same
   * transaction, so a message is never stored without being queued. Rejects for an unknown conversation.
   */
  append(conversationId: string, draft: MessageDraft, options?: { outbox?: boolean }): Promise<AppendResult>;
  /**
   * Group commit: stores several messages in ONE transaction (one sync to disk for all of them), all or nothing.
   * - Items are applied in order, exactly as `append` called for each in turn would apply them: the seqs of one
   *   conversation follow item order; an item whose clientId / externalId an earlier item of the same batch stored is
   *   a duplicate (`created: false`, the earlier message); `outbox` queues an item in the same transaction.
   * - Resolves with one result per item, in item order, once the transaction is durable.
   * - Rejects when any item fails (e.g. an unknown conversation, a version of an unknown message) or the commit fails,
   *   and then NOTHING of the batch is stored: a caller may retry the items (one by one, to find the failing one)
   *   without storing any twice. A store must therefore reject only when it knows nothing was committed.
   * An empty batch resolves with an empty array. Callers keep batches small (the relay: at most a few hundred).
   */
  appendBatch(items: readonly AppendRequest[]): Promise<AppendResult[]>;
  getMessage(conversationId: string, messageId: string): Promise<Message | undefined>;
  /** The platform's id a message was stored with (platform pushes only). */
  getExternalId(conversationId: string, messageId: string): Promise<string | undefined>;
  /** The message stored with this externalId, and its newest version (the same message when it has none). */
  findExternal(conversationId: string, externalId: string): Promise<{ original: Message; latest: Message } | undefined>;
  /** Ascending by seq. */
  listMessages(conversationId: string, options: ListOptions): Promise<Message[]>;

  /** For each conversation, its oldest queued item if due (nextAttemptAt <= now); oldest first, at most `limit`. */
  outboxDue(now: number, limit: number): Promise<OutboxItem[]>;
  /**
   * Earliest nextAttemptAt among the heads of all conversations' queues, or undefined when the outbox is empty. With
   * an `owner`, a head whose conversation another owner holds a live lease on counts from when that lease ends.
   */
  outboxNextAttemptAt(owner?: string): Promise<number | undefined>;
  /**
   * Relays sharing a store take turns per conversation: the due heads (as outboxDue) of conversations on which no
   * other owner holds a live lease, each conversation now leased to `owner` until `now + leaseMs`. Concurrent claims
   * never return the same conversation to two owners. A store only one process uses returns outboxDue.
   */
  outboxClaim(owner: string, now: number, limit: number, leaseMs: number): Promise<OutboxItem[]>;
  /** Extends the owner's leases on these conversations to `until`; returns those it no longer holds (another owner took them). */
  outboxRenew(owner: string, conversationIds: readonly string[], until: number): Promise<string[]>;
  /** Lets go of the owner's leases (these conversations, or all): another relay may claim them at once. */
  outboxRelease(owner: string, conversationIds?: readonly string[]): Promise<void>;
  /** Removes the item and raises its conversation's deliveredSeq to the item's seq. Returns the new deliveredSeq. */
  outboxDelivered(itemId: string): Promise<number>;
  /** Raises the conversation's readSeq to `seq` (never lowers it); the new readSeq, or 0 for an unknown conversation. */
  markRead(conversationId: string, seq: number): Promise<number>;
  /** Counts an attempt and postpones the item. */
  outboxRetry(itemId: string, nextAttemptAt: number, error: string): Promise<void>;
  outboxSize(): Promise<number>;
  /** Depth and age of the queue in one cheap read (metrics). */
  outboxStats(): Promise<OutboxStats>;
  /** A cheap query: rejects when the store cannot answer. */
  health(): Promise<StoreHealth>;

  /**
   * Records an upload whose bytes are already stored. Rejects a duplicate id or token, an unknown conversation, and
   * a conversation that is not the visitor's.
   */
  addUpload(upload: Upload): Promise<void>;
  /** An upload of this conversation; another conversation's upload is undefined, exactly like a missing one. */
  getUpload(conversationId: string, uploadId: string): Promise<Upload | undefined>;
  /** The upload behind a public address. */
  getUploadByToken(token: string): Promise<Upload | undefined>;
  /** Bytes of the visitor's uploads and of all uploads, as recorded (for the upload quotas). */
  uploadUsage(visitorId: string): Promise<UploadUsage>;

  /** The visitor's platform link, if the provider made one. */
  getLink(visitorId: string): Promise<PlatformLink | undefined>;
  /** Creates or replaces the visitor's link; a ref another visitor held moves to this one. Rejects an unknown visitor. */
  saveLink(link: PlatformLink): Promise<void>;
  findLink(ref: { contactRef: string } | { conversationRef: string }): Promise<PlatformLink | undefined>;

  close(): Promise<void>;
}
