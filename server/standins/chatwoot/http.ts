import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody as readRelayBody } from '../../http/body.ts';
import { HttpError, sendJson as sendRelayJson } from '../../http/errors.ts';

/** A refusal with the status Chatwoot answers and the body it renders (Rails error pages are JSON on /public/api). */
export class StandinError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`chatwoot stand-in: ${status}`);
  }
}

// Rails' public exception renderer in JSON format: unknown records and unhandled exceptions (e.g. a bad HMAC).
export const notFound = () => new StandinError(404, { status: 404, error: 'Not Found' });
export const serverError = () => new StandinError(500, { status: 500, error: 'Internal Server Error' });

export const BODY_LIMIT = 50 * 1024 * 1024;

/** The relay's body reader; a body over the limit gets the answer Rails renders. */
export const readBody = async (req: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer> => {
  try {
    return await readRelayBody(req, limit);
  } catch (error) {
    throw error instanceof HttpError ? new StandinError(413, { status: 413, error: 'Payload Too Large' }) : error;
  }
};

export interface UploadedFile {
  name: string;
  contentType: string;
  data: Buffer;
}

/** One multipart field as recorded for tests: text value, or a file's name, type and size. */
export interface RecordedPart {
  name: string;
  value?: string;
  filename?: string;
  contentType?: string;
  size?: number;
}

export interface ParsedBody {
  json?: unknown;
  fields: Record<string, string>;
  files: { field: string; file: UploadedFile }[];
  parts?: RecordedPart[];
}

/** JSON or multipart/form-data (parsed by the platform's own Response.formData, no extra dependency). */
export const parseBody = async (raw: Buffer, contentType = ''): Promise<ParsedBody> => {
  if (raw.length === 0) return { fields: {}, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData().catch(() => {
      throw new StandinError(400, { status: 400, error: 'Bad Request' });
    });
    const fields: Record<string, string> = {};
    const files: ParsedBody['files'] = [];
    const parts: RecordedPart[] = [];
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') {
        fields[name] = value;
        parts.push({ name, value });
      } else {
        const data = Buffer.from(await value.arrayBuffer());
        files.push({ field: name, file: { name: value.name, contentType: value.type || 'application/octet-stream', data } });
        parts.push({ name, filename: value.name, contentType: value.type, size: data.length });
      }
    }
    return { fields, files, parts };
  }
  try {
    return { json: JSON.parse(raw.toString('utf8')), fields: {}, files: [] };
  } catch {
    throw new StandinError(400, { status: 400, error: 'Bad Request' });
  }
};

// Rails' JSON headers, on the relay's writer.
const RAILS_JSON = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'max-age=0, private, must-revalidate' };

export const sendJson = (res: ServerResponse, status: number, value: unknown): void => sendRelayJson(res, status, value, RAILS_JSON);
