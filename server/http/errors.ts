import type { ServerResponse } from 'node:http';
import type { ApiError } from '../../src/protocol/index.ts';

/** An error that becomes a JSON response with a reason; anything else becomes a 500 without details. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: string[],
  ) {
    super(message);
  }
}

export const sendJson = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void => {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
};

export const sendError = (res: ServerResponse, error: HttpError): void => {
  const body: ApiError = { error: { code: error.code, message: error.message } };
  if (error.issues) body.error.issues = error.issues;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, error.status, body);
};
