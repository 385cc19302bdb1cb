import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const BODY_LIMIT = 1024 * 1024;

/** A refusal with a status and a reason for the caller; the dispatcher renders it in the area's error shape. */
export class SimulatorError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const readBody = async (req: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer> => {
  if (Number(req.headers['content-length']) > limit) throw new SimulatorError(413, `body exceeds ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw new SimulatorError(413, `body exceeds ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
};

export const parseJson = (raw: Buffer): unknown => {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new SimulatorError(400, 'body is not valid JSON');
  }
};

export const sendJson = (res: ServerResponse, status: number, value: unknown): void => {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' }).end(body);
};

const digest = (text: string) => createHash('sha256').update(text).digest();

/** `Authorization: Bearer <key>`, compared in constant time. */
export const hasBearer = (req: IncomingMessage, key: string): boolean => {
  const header = req.headers.authorization;
  return typeof header === 'string' && timingSafeEqual(digest(header), digest(`Bearer ${key}`));
};

export const isLoopback = (address: string | undefined): boolean =>
  address === '::1' || (address !== undefined && /^(::ffff:)?127\./.test(address));

export const issuesOf = (issues: readonly { path: PropertyKey[]; message: string }[]): string =>
  issues.map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`).join('; ');
