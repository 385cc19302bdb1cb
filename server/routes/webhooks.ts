import { readBody } from '../http/body.ts';
import { HttpError, sendJson } from '../http/errors.ts';
import type { Context } from '../http/router.ts';
import type { RelayContext } from './context.ts';

const WEBHOOK_LIMIT = 1024 * 1024;
const RETRY_AFTER_SECONDS = 60;

/**
 * POST /webhooks/<provider> (GET too, for query-string handshakes). The provider verifies and translates;
 * the relay routes each message to its conversation, stores it, then streams it — stored before shown.
 */
export const createWebhookRoute = (ctx: RelayContext) => async ({ req, res, url, params }: Context) => {
  if (params['provider'] !== ctx.provider.name) throw new HttpError(404, 'unknown_provider', `this relay serves /webhooks/${ctx.provider.name}`);
  const body = req.method === 'GET' ? Buffer.alloc(0) : await readBody(req, WEBHOOK_LIMIT);
  const outcome = await ctx.provider.handleWebhook({ method: req.method ?? 'POST', url, headers: req.headers, body });
  if ('reply' in outcome) {
    const { status, contentType, body: text } = outcome.reply;
    ctx.metrics.inc('chatport_webhooks_total', { result: String(status) });
    if (status >= 400) ctx.logger.warn('webhook.refused', { provider: ctx.provider.name, status, reason: text.slice(0, 200) });
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' }).end(text);
    return;
  }
  // Out of disk: the platform retries a 503 later, where a push taken now could fail halfway into the database.
  // Handshakes and refusals above store nothing, so they are answered as usual.
  if (outcome.messages.length > 0 && (await ctx.disk.level()) === 'full') {
    ctx.metrics.inc('chatport_webhooks_total', { result: '503' });
    sendJson(res, 503, { error: { code: 'insufficient_storage', message: 'the relay is out of disk space; retry later' } }, { 'retry-after': String(RETRY_AFTER_SECONDS) });
    return;
  }
  const { stored, unknown, total } = await ctx.inbound.apply(outcome.messages, outcome.signals);
  if (unknown > 0 && unknown === total) {
    ctx.metrics.inc('chatport_webhooks_total', { result: '404' });
    throw new HttpError(404, 'unknown_recipient', 'no conversation matches the push (sender, conversation or contact id)');
  }
  ctx.metrics.inc('chatport_webhooks_total', { result: '200' });
  sendJson(res, 200, { ok: true, stored });
};
