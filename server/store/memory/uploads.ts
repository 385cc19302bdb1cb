import { unknownConversation, uploadConflict, uploadOwner } from '../ids.ts';
import type { Conversation, Store, Upload } from '../types.ts';

export type UploadMethods = Pick<Store, 'addUpload' | 'getUpload' | 'getUploadByToken' | 'uploadUsage'>;

/** The upload half of the memory store; `conversation` looks up the store's conversations. */
export const createMemoryUploads = (conversation: (id: string) => Conversation | undefined): UploadMethods => {
  const byId = new Map<string, Upload>();
  const byToken = new Map<string, Upload>();
  // Running sums, as the SQLite store keeps its total: uploads are never changed once recorded.
  const bytesByVisitor = new Map<string, number>();
  let totalBytes = 0;
  return {
    async addUpload(upload) {
      const owner = conversation(upload.conversationId);
      if (!owner) throw unknownConversation(upload.conversationId);
      if (owner.visitorId !== upload.visitorId) throw uploadOwner(upload.id);
      if (byId.has(upload.id) || byToken.has(upload.token)) throw uploadConflict(upload.id);
      const stored = structuredClone(upload);
      byId.set(stored.id, stored);
      byToken.set(stored.token, stored);
      bytesByVisitor.set(stored.visitorId, (bytesByVisitor.get(stored.visitorId) ?? 0) + stored.size);
      totalBytes += stored.size;
    },
    async getUpload(conversationId, uploadId) {
      const found = byId.get(uploadId);
      return found && found.conversationId === conversationId ? structuredClone(found) : undefined;
    },
    async getUploadByToken(token) {
      const found = byToken.get(token);
      return found && structuredClone(found);
    },
    async uploadUsage(visitorId) {
      return { visitorBytes: bytesByVisitor.get(visitorId) ?? 0, totalBytes };
    },
  };
};
