import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { bearer } from '../auth/token.ts';
import { HttpError } from '../http/errors.ts';
import type { Context } from '../http/router.ts';
import type { RelayContext } from './context.ts';

/** Constant-time, whatever the lengths: both sides are hashed to the same size first. */
const sameSecret = (given: string, expected: string): boolean => timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

/** With METRICS_TOKEN set, only `Authorization: Bearer <METRICS_TOKEN>` reads the metrics. */
export const metricsAllowed = (token: string | undefined, req: IncomingMessage): boolean => {
  if (token === undefined) return true;
  const given = bearer(req.headers.authorization);
  return given !== undefined && sameSecret(given, token);
};

/** GET /metrics — the Prometheus text format (HELP and TYPE lines, `chatport_` names). */
export const createMetricsRoute =
  (ctx: RelayContext) =>
  async ({ req, res }: Context) => {
    if (!metricsAllowed(ctx.config.ops.metricsToken, req)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      throw new HttpError(401, 'unauthorized', 'the metrics need Authorization: Bearer <METRICS_TOKEN>');
    }
    const text = await ctx.metrics.render();
    res.writeHead(200, { 'content-type': ctx.metrics.contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) }).end(text);
  };
