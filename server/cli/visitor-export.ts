import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Message } from '../../src/protocol/index.ts';
import type { StoredUpload } from '../store/lifecycle.ts';
import type { Store, Visitor } from '../store/types.ts';
import type { BlobStore } from '../uploads/blobs.ts';

/** Bumped when the shape below changes in a way a reader must know about. */
export const EXPORT_FORMAT = 'chatport-visitor-export/1';

const PAGE = 500;

interface ExportedUpload {
  id: string;
  name: string;
  mime: string;
  kind: string;
  size: number;
  sha256: string;
  createdAt: string;
  sentAt?: string;
  /** With --files: the file's name in that directory. */
  file?: string;
}

/**
 * A message's body with the public addresses of this visitor's uploads replaced by the upload id: the address
 * carries the file's secret token, which an export never contains.
 */
const redact = (message: Message, byToken: Map<string, StoredUpload>): Message => {
  const body = message.body as { url?: unknown };
  if (typeof body.url !== 'string') return message;
  const token = /\/files\/([A-Za-z0-9_-]+)\//.exec(body.url)?.[1];
  const upload = token === undefined ? undefined : byToken.get(token);
  if (!upload) return message;
  const { url: _, ...rest } = body;
  return { ...message, body: { ...rest, upload: upload.id } as unknown as Message['body'] };
};

const writeBytes = async (blobs: BlobStore, dir: string, upload: StoredUpload): Promise<string | undefined> => {
  if ((await blobs.size(upload.id)) === undefined) return undefined;
  const name = `${upload.id}-${upload.name}`;
  // wx: never overwrite; 0600: these are a person's files.
  const handle = await open(join(dir, name), 'wx', 0o600);
  try {
    for await (const chunk of blobs.read(upload.id)) await handle.write(chunk as Uint8Array);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return name;
};

/**
 * Everything the relay holds about one visitor, as JSON: the visitor, their conversation and its messages (every
 * version), upload metadata, and the platform's references. File tokens never appear; with `filesDir` the bytes are
 * written there, one file per upload, and named in `uploads[].file`. Returns the JSON and the uploads whose bytes
 * were missing.
 */
export const exportVisitor = async ({ store, blobs, visitor, filesDir, now = new Date() }: { store: Store; blobs: BlobStore; visitor: Visitor; filesDir?: string; now?: Date }) => {
  const conversation = (await store.getConversation(visitor.conversationId))!;
  const uploads = await store.listUploads(conversation.id);
  const byToken = new Map(uploads.map((upload) => [upload.token, upload]));
  const messages: Message[] = [];
  for (let after = 0; ; ) {
    const page = await store.listMessages(conversation.id, { after, limit: PAGE });
    messages.push(...page.map((message) => redact(message, byToken)));
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.seq;
  }
  const link = await store.getLink(visitor.id);
  const lastActiveAt = await store.lastActive(visitor.id);

  if (filesDir !== undefined) await mkdir(filesDir, { recursive: true, mode: 0o700 });
  const missing: string[] = [];
  const exported: ExportedUpload[] = [];
  for (const upload of uploads) {
    const file = filesDir === undefined ? undefined : await writeBytes(blobs, filesDir, upload);
    if (filesDir !== undefined && file === undefined) missing.push(upload.id);
    exported.push({
      id: upload.id,
      name: upload.name,
      mime: upload.mime,
      kind: upload.kind,
      size: upload.size,
      sha256: upload.sha256,
      createdAt: upload.createdAt,
      ...(upload.sentAt === undefined ? {} : { sentAt: upload.sentAt }),
      ...(file === undefined ? {} : { file }),
    });
  }

  const document = {
    format: EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    visitor: { ...visitor, ...(lastActiveAt === undefined ? {} : { lastActiveAt }) },
    conversation: { id: conversation.id, number: conversation.number, createdAt: conversation.createdAt, deliveredSeq: conversation.deliveredSeq },
    // The ids the platform knows this visitor by (its own copy is erased there); the link's other data holds secrets.
    ...(link && (link.contactRef !== undefined || link.conversationRef !== undefined)
      ? {
          platform: {
            ...(link.contactRef === undefined ? {} : { contactRef: link.contactRef }),
            ...(link.conversationRef === undefined ? {} : { conversationRef: link.conversationRef }),
          },
        }
      : {}),
    messages,
    uploads: exported,
  };
  let json = JSON.stringify(document, null, 2);
  // A token can also sit where no address was expected (a text quoting it): never let one out.
  for (const upload of uploads) json = json.split(upload.token).join(`[file ${upload.id}]`);
  return { json: json + '\n', missing };
};
