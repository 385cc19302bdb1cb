import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readBody as readRelayBody } from '../../http/body.ts';
import { HttpError } from '../../http/errors.ts';

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

/** The relay's body reader; a body over the limit is the simulator's own 413. */
export const readBody = async (req: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer> => {
  try {
    return await readRelayBody(req, limit);
  } catch (error) {
    throw error instanceof HttpError ? new SimulatorError(error.status, `body exceeds ${limit} bytes`) : error;
  }
};

export const parseJson = (raw: Buffer): unknown => {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new SimulatorError(400, 'body is not valid JSON');
  }
};

const digest = (text: string) => createHash('sha256').update(text).digest();

/** `Authorization: Bearer <key>`, compared in constant time. */
export const hasBearer = (req: IncomingMessage, key: string): boolean => {
  const header = req.headers.authorization;
  return typeof header === 'string' && timingSafeEqual(digest(header), digest(`Bearer ${key}`));
};

export const isLoopback = (address: string | undefined): boolean => address === '::1' || (address !== undefined && /^(::ffff:)?127\./.test(address));

export const issuesOf = (issues: readonly { path: PropertyKey[]; message: string }[]): string =>
  issues.map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`).join('; ');
