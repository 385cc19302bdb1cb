import type { Context } from '../http/router.ts';
import { sendJson } from '../http/errors.ts';
import type { RelayContext } from './context.ts';

export const createHealthRoutes = (ctx: RelayContext) => ({
  healthz: ({ res }: Context) => sendJson(res, 200, { ok: true, provider: ctx.provider.name, mode: ctx.config.mode }),
  metrics: async ({ res }: Context) => {
    const hub = ctx.hub.stats();
    const text = ctx.metrics.render({
      chatport_sse_connections: hub.connections,
      chatport_sse_conversations: hub.conversations,
      chatport_sse_deliveries_total: hub.delivered,
      chatport_outbox_size: await ctx.store.outboxSize(),
    });
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' }).end(text);
  },
});
