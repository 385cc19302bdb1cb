import type { ApiError, SendResponse, UploadResponse } from '../../src/protocol/index.ts';
import type { Harness } from './harness.testing.ts';

/** The JSON answer of a refused request. */
export type Refusal = ApiError;

/** POST /v1/uploads with raw bytes (the harness's `api` sends JSON). */
export const upload = async (h: Harness, token: string | undefined, bytes: Uint8Array | ReadableStream<Uint8Array>, type: string | undefined, name = 'file.bin') => {
  const response = await fetch(`${h.url}/v1/uploads?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(type === undefined ? {} : { 'content-type': type }) },
    body: bytes,
    ...(bytes instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: (text ? JSON.parse(text) : undefined) as UploadResponse & Refusal };
};

export const sendUpload = (h: Harness, token: string, uploadId: string, clientId = `attach-${uploadId.slice(2, 14)}`) =>
  h.api<SendResponse & Refusal>('/v1/messages', { method: 'POST', token, body: { clientId, body: { kind: 'attachment', uploadId } } });

/** A body sent in pieces without Content-Length (chunked), so only the streaming check can see its size. */
export const chunked = (...pieces: Uint8Array[]): ReadableStream<Uint8Array> =>
  new ReadableStream({
    pull(controller) {
      const next = pieces.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
