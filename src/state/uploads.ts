import { signal } from '@preact/signals-core';
import type { AttachmentKind, UploadResponse } from '../protocol/index.ts';
import { MAX_UPLOAD_BYTES, uploadKind } from '../protocol/uploads.ts';
import { newClientId } from '../transport/backoff.ts';
import { RequestError } from '../transport/api.ts';
import type { UploadCall } from '../transport/upload.ts';

/** One attachment on its way: uploading (progress 0..1), or stopped with an error the visitor can read. */
export interface Upload {
  /** Also the clientId of the message it becomes. */
  id: string;
  name: string;
  /** Absent when the file was refused before any upload (type or size): trying again cannot help. */
  kind?: AttachmentKind;
  progress: number;
  error?: UploadError;
}

/** Why an upload stopped; the widget words it in the visitor's language. */
export interface UploadError {
  reason: 'type' | 'size' | 'busy' | 'network' | 'failed';
  /** The limit in MB for `size` refused before upload. */
  maxMb?: number;
}

const reasonOf = (error: unknown): UploadError => {
  const status = error instanceof RequestError ? error.status : 0;
  return { reason: status === 413 ? 'size' : status === 415 ? 'type' : status === 429 ? 'busy' : status === 0 ? 'network' : 'failed' };
};

export interface UploadsOptions {
  upload: (file: File, call: UploadCall) => Promise<UploadResponse>;
  /** A file reached the relay; called in the order the files were attached. */
  onUploaded: (id: string, response: UploadResponse) => void;
}

export type Uploads = ReturnType<typeof createUploads>;

/** Checks and uploads the visitor's files one after another, so their messages keep the order they were picked in. */
export const createUploads = ({ upload, onUploaded }: UploadsOptions) => {
  const items = signal<Upload[]>([]);
  const running = new Map<string, { file: File; controller: AbortController }>();
  let tail = Promise.resolve();

  const patch = (id: string, change: Partial<Upload>) => {
    items.value = items.value.map((u) => (u.id === id ? { ...u, ...change } : u));
  };
  const drop = (id: string) => {
    running.get(id)?.controller.abort();
    running.delete(id);
    items.value = items.value.filter((u) => u.id !== id);
  };

  const run = (id: string, file: File) => {
    const controller = new AbortController();
    running.set(id, { file, controller });
    tail = tail.then(async () => {
      // Cancelled while waiting for its turn.
      if (controller.signal.aborted) return;
      try {
        const response = await upload(file, { signal: controller.signal, onProgress: (progress) => patch(id, { progress }) });
        drop(id);
        onUploaded(id, response);
      } catch (error) {
        if (controller.signal.aborted) return;
        patch(id, { error: reasonOf(error) });
      }
    });
  };

  return {
    items,
    /** Refuses a file the relay would refuse, without a request; otherwise queues its upload. False when refused. */
    add: (file: File): boolean => {
      const { name } = file;
      const kind = uploadKind(file.type);
      const id = newClientId();
      const error: UploadError | undefined = !kind ? { reason: 'type' } : file.size > MAX_UPLOAD_BYTES ? { reason: 'size', maxMb: MAX_UPLOAD_BYTES / 1048576 } : undefined;
      items.value = [...items.value, { id, name, kind: error ? undefined : kind, progress: 0, error }];
      if (!error) run(id, file);
      return !error;
    },
    /** Cancels an upload in progress, or dismisses a failed one. */
    cancel: drop,
    retry: (id: string) => {
      const entry = running.get(id);
      if (!entry) return;
      patch(id, { progress: 0, error: undefined });
      run(id, entry.file);
    },
    /** Stops everything (the widget is unmounted). */
    clear: () => {
      for (const id of running.keys()) drop(id);
    },
  };
};
