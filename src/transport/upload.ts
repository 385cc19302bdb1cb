import type { UploadResponse } from '../protocol/index.ts';
import { endpoint, RequestError } from './api.ts';
import { isObject, toApiError } from './guards.ts';
import { isRichBody } from './rich-guards.ts';

export interface UploaderOptions {
  relayUrl: string;
  /** The api's token source: pass a token the relay rejected (401) to get a renewed one. */
  getToken: (rejected?: string) => Promise<string>;
  /** Makes the request object; replaced in tests. */
  xhr?: () => XMLHttpRequest;
}

export interface UploadCall {
  /** Fraction sent so far, 0..1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

// Hand-written like the other guards (zod would not fit the widget's size budget).
/** A valid answer, or undefined. The preview drawn from it is checked like any message body (http(s) URL only). */
export const toUpload = (v: unknown): UploadResponse | undefined => (isObject(v) && typeof v.id === 'string' && isRichBody(v) ? (v as UploadResponse) : undefined);

/** What the visitor reads when an upload fails; the relay's own words only where no better ones exist. */
const uploadMessage = (name: string, status: number, message: string): string =>
  status === 413
    ? `${name} is too large`
    : status === 415
      ? `${name}: this type of file can't be sent`
      : `${name} could not be sent${status === 429 ? '; try again in a moment' : status ? ` (${message})` : '; check the connection'}`;

/**
 * Uploads a file as the raw request body. XMLHttpRequest, because fetch reports no upload progress. A 401 renews
 * the session and tries once more. Fails with a RequestError whose message is readable (status 0: no answer).
 */
export const createUploader = ({ relayUrl, getToken, xhr = () => new XMLHttpRequest() }: UploaderOptions) => {
  /** Resolves with the answered request whatever its status; rejects when there was no answer. */
  const send = (file: File, token: string, { onProgress, signal }: UploadCall) =>
    new Promise<XMLHttpRequest>((resolve, reject) => {
      if (signal?.aborted) return reject();
      const req = xhr();
      signal?.addEventListener('abort', () => req.abort());
      req.open('POST', endpoint(relayUrl, `v1/uploads?name=${encodeURIComponent(file.name)}`));
      req.setRequestHeader('authorization', `Bearer ${token}`);
      req.setRequestHeader('content-type', file.type);
      // A body that is not JSON (a proxy's error page) comes out as null.
      req.responseType = 'json';
      req.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
      req.onload = () => resolve(req);
      req.onerror = req.onabort = reject;
      req.send(file);
    });

  return {
    upload: async (file: File, call: UploadCall = {}): Promise<UploadResponse> => {
      let status = 0;
      let error: { code: string; message: string } | undefined;
      try {
        const token = await getToken();
        let req = await send(file, token, call);
        if (req.status === 401) {
          call.onProgress?.(0);
          req = await send(file, await getToken(token), call);
        }
        const value = req.status < 300 && toUpload(req.response);
        if (value) return value;
        status = req.status;
        error = toApiError(req.response);
      } catch {
        // No answer (network, cancel), or no session to send with: status 0.
      }
      throw new RequestError(status, error?.code ?? 'upload_failed', uploadMessage(file.name, status, error?.message ?? `HTTP ${status}`));
    },
  };
};
