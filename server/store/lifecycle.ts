import type { Upload, Visitor } from './types.ts';

/** A visitor's activity is written at most once per this long: a chatting visitor costs no extra write per message. */
export const ACTIVITY_GRANULARITY_MS = 60 * 60 * 1000;

/** An upload with when a message first sent it (absent: never sent, an orphan after a day). */
export type StoredUpload = Upload & { sentAt?: string };

/** What erasing removed from the store. The upload bytes are the caller's to remove (`uploadIds`). */
export interface Erased {
  visitors: number;
  conversations: number;
  messages: number;
  /** Queued deliveries (only an erasure on request removes one; retention keeps whatever still waits). */
  outbox: number;
  links: number;
  uploads: number;
  uploadIds: string[];
}

export const noneErased = (): Erased => ({ visitors: 0, conversations: 0, messages: 0, outbox: 0, links: 0, uploads: 0, uploadIds: [] });

export const addErased = (total: Erased, more: Erased): Erased => ({
  visitors: total.visitors + more.visitors,
  conversations: total.conversations + more.conversations,
  messages: total.messages + more.messages,
  outbox: total.outbox + more.outbox,
  links: total.links + more.links,
  uploads: total.uploads + more.uploads,
  uploadIds: [...total.uploadIds, ...more.uploadIds],
});

/** Which uploads `pruneUploads` deletes; times are ISO 8601. */
export interface UploadCutoffs {
  /** Uploads never sent in a message and created before this (orphans). */
  unsentBefore: string;
  /** Retention: any upload created before this, unless its conversation still has a delivery waiting. */
  before?: string;
}

/**
 * The data lifecycle half of the Store: activity, retention, erasure and export on request. Every bulk method is
 * bounded by `limit` and runs as one short transaction, so a caller can work through any backlog in steps.
 * Nothing here ever removes a queued delivery, except `eraseVisitor` (an explicit request).
 */
export interface StoreLifecycle {
  /** Marks the visitor active now (a session); written at most once per ACTIVITY_GRANULARITY_MS. */
  touchVisitor(visitorId: string): Promise<void>;
  /**
   * When the visitor was last active (ISO 8601, to within ACTIVITY_GRANULARITY_MS): created, a session, a message of
   * their conversation (any author), an upload. Undefined for an unknown visitor.
   */
  lastActive(visitorId: string): Promise<string | undefined>;
  /** The visitor bound to a site's user id, if any (never creates one). */
  getVisitorByExternalId(externalId: string): Promise<Visitor | undefined>;
  /** The conversation's uploads, oldest first, each with when it was first sent in a message. */
  listUploads(conversationId: string): Promise<StoredUpload[]>;
  /** Removes the visitor with their conversation, messages, link, queued deliveries and upload records. */
  eraseVisitor(visitorId: string): Promise<Erased | undefined>;
  /** Deletes up to `limit` messages created before `before` (ISO 8601), never one still queued for delivery. */
  pruneMessages(before: string, limit: number): Promise<number>;
  /**
   * Erases up to `limit` visitors last active before `inactiveBefore` (ISO 8601) whose conversation has nothing
   * queued for delivery; checked and erased in one transaction, so a visitor who just came back is kept.
   */
  pruneVisitors(inactiveBefore: string, limit: number): Promise<Erased>;
  /** Deletes up to `limit` upload records past a cutoff; returns their ids (the bytes are the caller's). */
  pruneUploads(cutoffs: UploadCutoffs, limit: number): Promise<string[]>;
  /** Which of these upload ids have a record. */
  existingUploads(uploadIds: string[]): Promise<Set<string>>;
}
