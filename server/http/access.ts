import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/index.ts';

/** A request id a client or proxy may hand in; anything else is replaced, so a log line never carries what it sent. */
export const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** What the access line says about one request, filled in while it is handled. */
export interface RequestRecord {
  id: string;
  /** The router pattern (`/files/:token/:name`), or `unmatched`: never the path itself, which can hold a secret. */
  route: string;
  /** The error code of a refusal, when the relay answered with one. */
  code?: string;
}

export interface AccessOptions {
  logger: Logger;
  metrics: Metrics;
  /** Probes and scrapes come every few seconds: their lines are debug. */
  quietRoutes?: readonly string[];
}

/**
 * One access line per request, written when its response closes (an SSE stream's line says how long it was open),
 * and a count of every 4xx by route and code. The request id is echoed in `X-Request-Id`.
 */
export const createAccessLog = ({ logger, metrics, quietRoutes = ['/healthz', '/readyz', '/metrics'] }: AccessOptions) => {
  const quiet = new Set(quietRoutes);
  return (req: IncomingMessage, res: ServerResponse): RequestRecord => {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const record: RequestRecord = { id: typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID(), route: 'unmatched' };
    res.setHeader('x-request-id', record.id);
    res.once('close', () => {
      const status = res.headersSent ? res.statusCode : 0;
      const length = Number(res.getHeader('content-length'));
      const fields = {
        requestId: record.id,
        method: req.method,
        route: record.route,
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(Number.isFinite(length) && req.method !== 'HEAD' ? { bytes: length } : {}),
        // The answer did not complete: the client went away (for a stream, the visitor left) or the connection was cut.
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (quiet.has(record.route)) logger.debug('http.request', fields);
      else logger.info('http.request', fields);
      if (status >= 400 && status < 500) metrics.inc('chatport_refusals_total', { route: record.route, code: record.code ?? String(status) });
    });
    return record;
  };
};
