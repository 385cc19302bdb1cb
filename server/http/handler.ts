import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.ts';
import { isStoreUnavailable } from '../store/unavailable.ts';
import type { createAccessLog } from './access.ts';
import type { createCors } from './cors.ts';
import { HttpError, sendError, sendJson } from './errors.ts';
import type { createRouter } from './router.ts';

/** What a request that found the database away is told: try again in this many seconds. */
const STORE_RETRY_AFTER_SECONDS = 5;

/** A file address carries its secret token: logs and error messages get the route's shape only. */
const redactPath = (pathname: string): string => (pathname.startsWith('/files/') ? '/files/…' : pathname);

export interface RequestHandlerOptions {
  logger: Logger;
  access: ReturnType<typeof createAccessLog>;
  cors: ReturnType<typeof createCors>;
  /** True once the relay is stopping: only `answeredWhileStopping` routes are served then. */
  stopping: () => boolean;
  answeredWhileStopping?: readonly string[];
}

/**
 * The relay's request pipeline over a set of routes: an access line and request id for each, CORS for `/v1/`, 404 and
 * 405 by route, clear JSON errors, and 503 (with Retry-After) while stopping or while the database is away.
 */
export const createRequestHandler = ({ logger, access, cors, stopping, answeredWhileStopping = ['/healthz', '/readyz', '/metrics'] }: RequestHandlerOptions) => {
  // While stopping, only probes and scrapes are answered; anything else is sent elsewhere (or to retry later).
  const duringStop = new Set(answeredWhileStopping);
  return (routes: ReturnType<typeof createRouter>) => async (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('x-content-type-options', 'nosniff');
    const request = access(req, res);
    const url = new URL(req.url ?? '/', 'http://relay.invalid');
    try {
      const found = routes.match(req.method ?? 'GET', url.pathname);
      request.route = typeof found === 'object' ? found.pattern : (routes.patternOf(url.pathname) ?? 'unmatched');
      if (stopping() && !duringStop.has(request.route)) {
        res.setHeader('connection', 'close');
        throw new HttpError(503, 'stopping', 'the relay is restarting; try again in a moment');
      }
      if (url.pathname.startsWith('/v1/') && cors(req, res)) return;
      if (found === 'not_found') throw new HttpError(404, 'not_found', `no route for ${redactPath(url.pathname)}`);
      if (found === 'method_not_allowed') throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${redactPath(url.pathname)}`);
      await found.handler({ req, res, url, params: found.params });
    } catch (error) {
      if (error instanceof HttpError) {
        request.code = error.code;
        return sendError(res, error);
      }
      // A database that cannot be reached is an outage, not a bug: a platform retries a webhook answered 503 later
      // (nothing of it was stored), and the widget its send; nothing already stored is lost.
      if (isStoreUnavailable(error)) {
        request.code = 'store_unavailable';
        logger.warn('request.store_unavailable', { requestId: request.id, method: req.method, route: request.route });
        if (res.headersSent) return void res.destroy();
        return sendJson(
          res,
          503,
          { error: { code: 'store_unavailable', message: 'the relay cannot reach its database right now; retry in a moment' } },
          { 'retry-after': String(STORE_RETRY_AFTER_SECONDS) },
        );
      }
      logger.error('request.failed', { requestId: request.id, method: req.method, route: request.route, reason: error instanceof Error ? error.message : String(error) });
      sendError(res, new HttpError(500, 'internal', 'internal error'));
    }
  };
};
