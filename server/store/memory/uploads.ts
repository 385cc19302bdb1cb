import { unknownConversation, uploadConflict, uploadOwner } from '../ids.ts';
import type { StoredUpload } from '../lifecycle.ts';
import type { Conversation, Store, Upload } from '../types.ts';

export type UploadMethods = Pick<Store, 'addUpload' | 'getUpload' | 'getUploadByToken' | 'uploadUsage'>;

/**
 * The upload half of the memory store; `conversation` looks up the store's conversations, `active` marks one
 * active. `records` and `remove` serve the lifecycle half.
 */
export const createMemoryUploads = (conversation: (id: string) => Conversation | undefined, active: (conversationId: string) => void) => {
  const byId = new Map<string, StoredUpload>();
  const byToken = new Map<string, StoredUpload>();
  // Running sums, as the SQLite store keeps its total; a removed upload gives its bytes back.
  const bytesByVisitor = new Map<string, number>();
  let totalBytes = 0;
  const count = (upload: Upload, sign: 1 | -1) => {
    bytesByVisitor.set(upload.visitorId, (bytesByVisitor.get(upload.visitorId) ?? 0) + sign * upload.size);
    totalBytes += sign * upload.size;
  };
  const strip = ({ sentAt: _, ...upload }: StoredUpload): Upload => structuredClone(upload);
  const remove = (uploadId: string): boolean => {
    const found = byId.get(uploadId);
    if (!found) return false;
    byToken.delete(found.token);
    count(found, -1);
    return byId.delete(uploadId);
  };
  const methods: UploadMethods = {
    async addUpload(upload) {
      const owner = conversation(upload.conversationId);
      if (!owner) throw unknownConversation(upload.conversationId);
      if (owner.visitorId !== upload.visitorId) throw uploadOwner(upload.id);
      if (byId.has(upload.id) || byToken.has(upload.token)) throw uploadConflict(upload.id);
      const stored = structuredClone(upload);
      byId.set(stored.id, stored);
      byToken.set(stored.token, stored);
      count(stored, 1);
      active(upload.conversationId);
    },
    async getUpload(conversationId, uploadId) {
      const found = byId.get(uploadId);
      return found && found.conversationId === conversationId ? strip(found) : undefined;
    },
    async getUploadByToken(token) {
      const found = byToken.get(token);
      return found && strip(found);
    },
    async uploadUsage(visitorId) {
      return { visitorBytes: bytesByVisitor.get(visitorId) ?? 0, totalBytes };
    },
  };
  /** Insertion order is upload order. */
  /** A message of the conversation sent the upload (first time only). */
  const markSent = (conversationId: string, uploadId: string, at: string): void => {
    const found = byId.get(uploadId);
    if (found && found.conversationId === conversationId) found.sentAt ??= at;
  };
  return { methods, records: () => byId.values(), has: (uploadId: string) => byId.has(uploadId), remove, markSent };
};
