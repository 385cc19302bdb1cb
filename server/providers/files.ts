import type { Store } from '../store/types.ts';
import type { BlobStore } from '../uploads/index.ts';

/** A file's bytes as a platform takes them (a multipart part). */
export interface FilePart {
  data: Buffer | Uint8Array | Blob;
  name: string;
  /** Content type, e.g. image/png. */
  type: string;
}

/** The bytes behind one of this relay's upload addresses (…/files/<token>/<name>), for platforms that take files, not links. */
export const createFileLoader =
  ({ store, blobs }: { store: Store; blobs: BlobStore }) =>
  async (url: string): Promise<FilePart | undefined> => {
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      return undefined;
    }
    const token = /\/files\/([A-Za-z0-9_-]+)\/[^/]+$/.exec(path)?.[1];
    const upload = token && (await store.getUploadByToken(token));
    if (!upload || (await blobs.size(upload.id)) === undefined) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of blobs.read(upload.id)) chunks.push(Buffer.from(chunk as Uint8Array));
    return { data: Buffer.concat(chunks), name: upload.name, type: upload.mime };
  };
