import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { HttpError } from './errors.ts';

/**
 * The body's chunks. Leaving the loop early does not destroy the request: a plain `for await` over an incoming
 * message would reset the connection, and the client would never see the error answer.
 */
export const bodyChunks = (req: IncomingMessage): AsyncIterable<Buffer> => req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;

/** Drains what is left of a refused body without keeping it, so the error answer can be written and read. */
export const discardBody = (req: IncomingMessage): void => {
  if (!req.readableEnded) req.resume();
};

/**
 * Reads the raw body, refusing early (by content-length) or as soon as the limit is crossed. Plain 'data' / 'end'
 * listeners: cheaper per request than an async iterator, on the path every webhook takes.
 */
export const readBody = (req: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > limit) return reject(tooLarge(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      done();
      discardBody(req);
      reject(tooLarge(limit));
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    // The client went away before the body was complete.
    const onClose = () => onError(new Error('the request was aborted before its body was complete'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });

const tooLarge = (limit: number) => new HttpError(413, 'body_too_large', `request body exceeds ${limit} bytes`);

/** Parses a JSON body against a schema; every problem is reported as `path: message`. */
export const parseJson = <T>(raw: Buffer, schema: z.ZodType<T>): T => {
  let value: unknown;
  try {
    value = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'request body is not valid JSON');
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
    throw new HttpError(400, 'invalid_request', 'request body does not match the expected shape', issues);
  }
  return result.data;
};

export const readJson = async <T>(req: IncomingMessage, schema: z.ZodType<T>, limit: number): Promise<T> => parseJson(await readBody(req, limit), schema);
