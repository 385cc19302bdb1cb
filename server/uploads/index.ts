import { join } from 'node:path';
import type { Body, UploadResponse } from '../../src/protocol/index.ts';
import type { StoreKind } from '../config/database.ts';
import type { Logger } from '../log.ts';
import { newFileToken, newId } from '../store/ids.ts';
import type { PostgresStore } from '../store/postgres/index.ts';
import type { Store, Upload } from '../store/types.ts';
import { createMemoryBlobs, type BlobStore } from './blobs.ts';
import { acceptType, tooLarge } from './checks.ts';
import { createDiskBlobs } from './disk.ts';
import { inspect } from './inspect.ts';
import { sanitizeName } from './names.ts';
import { createUploadQuota } from './quota.ts';

export type { BlobStore } from './blobs.ts';
export { createMemoryBlobs, createDiskBlobs };

export interface UploadsOptions {
  store: Store;
  blobs: BlobStore;
  logger: Logger;
  /** Where the platform and browsers reach the relay; asked each time because a relay on port 0 learns it late. */
  publicUrl: () => string;
  maxBytes: number;
  /** What all of one visitor's files, and all files together, may take; unlimited unless given. */
  quota?: { visitorBytes?: number; totalBytes?: number };
}

export interface IncomingUpload {
  visitorId: string;
  conversationId: string;
  /** As declared by the client. */
  contentType: string | undefined;
  /** The `?name=` the client gave; sanitised here. */
  name: string | null;
  /** Content-Length, when the client sent one. */
  declaredSize: number | undefined;
  body: AsyncIterable<Buffer>;
}

/**
 * Visitor files: checked while they stream in (type, size, content), stored in `blobs` under the upload id, and
 * recorded in the store with a secret token that makes the public address.
 */
export const createUploads = ({ store, blobs, logger, publicUrl, maxBytes, quota: { visitorBytes = Infinity, totalBytes = Infinity } = {} }: UploadsOptions) => {
  const quota = createUploadQuota({ store, visitorBytes, totalBytes });
  const urlOf = (upload: Upload): string => `${publicUrl()}/files/${upload.token}/${encodeURIComponent(upload.name)}`;

  /**
   * Throws an HttpError (400, 413, 415) for a refused file; nothing is kept then. The quotas are checked against the
   * declared size before anything is read, and before each chunk is written, so a body without a size is stopped
   * at the chunk that would pass a quota.
   */
  const receive = async ({ visitorId, conversationId, contentType, name, declaredSize, body }: IncomingUpload): Promise<Upload> => {
    const { mime, kind } = acceptType(contentType);
    if (declaredSize !== undefined && declaredSize > maxBytes) throw tooLarge(maxBytes);
    const reservation = await quota.begin(visitorId, declaredSize);
    try {
      const id = newId('u');
      const inspected = inspect(body, { mime, maxBytes });
      await blobs.put(id, counted(inspected.chunks, reservation.add));
      const upload: Upload = {
        id,
        token: newFileToken(),
        visitorId,
        conversationId,
        name: sanitizeName(name),
        mime,
        kind,
        ...inspected.result(),
        createdAt: new Date().toISOString(),
      };
      try {
        await store.addUpload(upload);
      } catch (error) {
        await blobs.remove(id).catch((reason: unknown) => logger.warn('upload.orphaned', { uploadId: id, reason: String(reason) }));
        throw error;
      }
      reservation.recorded();
      return upload;
    } finally {
      reservation.abandoned(); // no-op once recorded
    }
  };

  const describe = (upload: Upload): UploadResponse => ({ id: upload.id, url: urlOf(upload), name: upload.name, size: upload.size, mime: upload.mime, kind: upload.kind });

  /** The message body for sending an upload of this conversation; undefined for anyone else's or a missing one. */
  const attachment = async (conversationId: string, uploadId: string): Promise<Body | undefined> => {
    const upload = await store.getUpload(conversationId, uploadId);
    return upload && { kind: upload.kind, url: urlOf(upload), name: upload.name, size: upload.size, mime: upload.mime };
  };

  return { maxBytes, blobs, receive, describe, attachment, urlOf };
};

export type Uploads = ReturnType<typeof createUploads>;

async function* counted(chunks: AsyncIterable<Buffer>, add: (bytes: number) => void): AsyncIterable<Buffer> {
  for await (const chunk of chunks) {
    add(chunk.length);
    yield chunk;
  }
}

/**
 * The blob store that goes with a store: files under DATA_DIR/uploads for sqlite, memory for memory, and for
 * postgres the same database as the records (on the store's own pool), so every relay serves every file.
 */
export const openBlobs = async ({ kind, dataDir, store }: { kind: StoreKind; dataDir: string; store: Store }): Promise<BlobStore> => {
  if (kind === 'memory') return createMemoryBlobs();
  if (kind === 'sqlite') return createDiskBlobs({ dir: join(dataDir, 'uploads') });
  const pool = (store as Partial<PostgresStore>).pool;
  if (!pool) throw new Error('postgres blobs need the postgres store');
  const { createPostgresBlobs } = await import('./postgres.ts');
  return createPostgresBlobs({ pool });
};
