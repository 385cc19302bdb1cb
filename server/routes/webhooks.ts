import { readBody } from '../http/body.ts';
import { HttpError, sendJson } from '../http/errors.ts';
import type { Context } from '../http/router.ts';
import { CATALOGUE } from '../metrics/catalogue.ts';
import type { BoundCounter, LabelsOf } from '../metrics/index.ts';
import type { RelayContext } from './context.ts';
import { isStoreUnavailable } from '../store/unavailable.ts';

const WEBHOOK_LIMIT = 1024 * 1024;
const RETRY_AFTER_SECONDS = 60;

type Outcome = LabelsOf<'chatport_webhooks_total'>['outcome'];

/** A provider's own answer, by what it says about the push. */
const replyOutcome = (status: number): Outcome => (status < 300 ? 'handshake' : status === 401 || status === 403 ? 'signature' : status === 400 ? 'malformed' : 'refused');

/**
 * POST /webhooks/<provider> (GET too, for query-string handshakes). The provider verifies and translates;
 * the relay routes each message to its conversation, stores it, then streams it — stored before shown.
 */
export const createWebhookRoute = (ctx: RelayContext) => {
  // Bound once: counting a push is an addition.
  const counters = Object.fromEntries(
    CATALOGUE.chatport_webhooks_total.labels.outcome.map((outcome) => [outcome, ctx.metrics.counter('chatport_webhooks_total', { outcome })]),
  ) as Record<Outcome, BoundCounter>;
  const count = (outcome: Outcome) => counters[outcome].inc();
  const latency = ctx.metrics.histogram('chatport_webhook_to_stream_seconds');

  const handle = async ({ req, res, url, params }: Context, received: number) => {
    if (params['provider'] !== ctx.provider.name) throw new HttpError(404, 'unknown_provider', `this relay serves /webhooks/${ctx.provider.name}`);
    const body = req.method === 'GET' ? Buffer.alloc(0) : await readBody(req, WEBHOOK_LIMIT);
    const outcome = await ctx.provider.handleWebhook({ method: req.method ?? 'POST', url, headers: req.headers, body });
    if ('reply' in outcome) {
      const { status, contentType, body: text } = outcome.reply;
      count(replyOutcome(status));
      if (status >= 400) ctx.logger.warn('webhook.refused', { provider: ctx.provider.name, status, reason: text.slice(0, 200) });
      res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' }).end(text);
      return;
    }
    // Out of disk: the platform retries a 503 later, where a push taken now could fail halfway into the database.
    // Handshakes and refusals above store nothing, so they are answered as usual.
    if (outcome.messages.length > 0 && (await ctx.disk.level()) === 'full') {
      count('deferred');
      sendJson(res, 503, { error: { code: 'insufficient_storage', message: 'the relay is out of disk space; retry later' } }, { 'retry-after': String(RETRY_AFTER_SECONDS) });
      return;
    }
    const { stored, unknown, total } = await ctx.inbound.apply(outcome.messages, outcome.signals);
    if (unknown > 0 && unknown === total) {
      count('unknown_visitor');
      throw new HttpError(404, 'unknown_recipient', 'no conversation matches the push (sender, conversation or contact id)');
    }
    // Stored messages are published before apply returns: this is arrival to the last frame handed to the streams.
    if (stored > 0) latency.observe((performance.now() - received) / 1000);
    count(total === 0 ? 'ignored' : stored === 0 && outcome.messages.length > 0 ? 'duplicate' : 'accepted');
    sendJson(res, 200, { ok: true, stored });
  };

  return async (c: Context) => {
    const received = performance.now();
    try {
      await handle(c, received);
    } catch (error) {
      // Refused before the provider saw it (wrong path, too large): still a webhook that was not taken.
      if (error instanceof HttpError && error.code !== 'unknown_recipient') count('refused');
      // The database is away: answered 503 (relay.ts), and the platform sends the push again later.
      else if (isStoreUnavailable(error)) count('deferred');
      throw error;
    }
  };
};
