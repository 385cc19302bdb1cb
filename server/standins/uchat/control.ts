import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson } from '../../http/errors.ts';
import { Fault, type BotUrlRequest } from './bot-url.ts';
import { issuesOf, isLoopback, parseJson, readBody, SimulatorError } from './http.ts';
import type { WebhookRegistration } from './partner-api.ts';

export interface ControlContext {
  received: BotUrlRequest[];
  faults: { botUrl: Fault[]; down: boolean };
  webhook(): WebhookRegistration | undefined;
  push(push: Record<string, unknown>): Promise<{ status: number; body: string }>;
}

const Faults = z.strictObject({ botUrl: z.array(Fault).max(10_000).optional(), down: z.boolean().optional() });

/** The QA control API under /_simulator/ (documented in index.ts). */
export const handleControl = async (ctx: ControlContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
  if (!isLoopback(req.socket.remoteAddress)) throw new SimulatorError(403, 'the control API answers loopback clients only');
  // A JSON content type cannot be sent cross-site without a preflight, which this server never grants.
  if (req.method === 'POST' && !String(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new SimulatorError(415, 'send JSON with content-type: application/json');
  }
  const route = `${req.method} ${path}`;
  if (route === 'GET /_simulator/received') {
    // Recorded bodies without headers: the Authorization header carries the flow key.
    return sendJson(
      res,
      200,
      ctx.received.map(({ path: botPath, body }) => ({ path: botPath, body })),
    );
  }
  if (route === 'DELETE /_simulator/received') {
    ctx.received.length = 0;
    return sendJson(res, 200, { received: 0 });
  }
  if (route === 'GET /_simulator/webhook') {
    const webhook = ctx.webhook();
    return sendJson(res, 200, webhook ? { registered: true, webhookUrl: webhook.webhookUrl, status: webhook.status } : { registered: false });
  }
  if (route === 'POST /_simulator/faults') {
    const parsed = Faults.safeParse(parseJson(await readBody(req)));
    if (!parsed.success) throw new SimulatorError(400, issuesOf(parsed.error.issues));
    const { botUrl, down } = parsed.data;
    if (botUrl) ctx.faults.botUrl.splice(0, ctx.faults.botUrl.length, ...botUrl); // same array: tests may hold it
    if (down !== undefined) ctx.faults.down = down;
    return sendJson(res, 200, { botUrl: ctx.faults.botUrl.length, down: ctx.faults.down });
  }
  if (route === 'POST /_simulator/push') {
    const push = parseJson(await readBody(req));
    if (!push || typeof push !== 'object' || Array.isArray(push)) throw new SimulatorError(400, 'a push is a JSON object');
    if (!ctx.webhook()) throw new SimulatorError(409, 'no webhook is registered; set one through the partner API first');
    try {
      return sendJson(res, 200, await ctx.push(push as Record<string, unknown>));
    } catch {
      throw new SimulatorError(502, 'the registered webhook_url could not be reached');
    }
  }
  throw new SimulatorError(404, `no control route ${route}`);
};
