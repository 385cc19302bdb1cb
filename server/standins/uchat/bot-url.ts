import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson } from '../../http/errors.ts';
import { hasBearer, issuesOf, parseJson, readBody, SimulatorError } from './http.ts';

// The bodies bot_url takes (docs/platforms/uchat.md#sending), written independently of the provider so the two check each other.
const Sender = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  email: z.string(),
  phone_number: z.string(),
  type: z.literal('contact'),
});
const common = {
  message_type: z.literal('incoming'),
  sender: Sender,
  conversation_id: z.number().int().nonnegative(),
};
const Text = z.strictObject({ ...common, content: z.string().min(1), event: z.literal('message_created') });
const Postback = z.strictObject({
  ...common,
  content: z.string(),
  event: z.literal('message_postback'),
  submitted_values: z.array(z.strictObject({ title: z.string(), payload: z.string() })).min(1),
});
const Attachment = z.strictObject({
  ...common,
  content: z.literal(''),
  event: z.literal('message_created'),
  attachments: z
    .array(z.strictObject({ file_type: z.enum(['image', 'audio', 'video', 'file']), data_url: z.url({ protocol: /^https?$/ }) }))
    .min(1)
    .max(10),
});

export const BotUrlBody = z.union([Text, Postback, Attachment]);
export type BotUrlBody = z.infer<typeof BotUrlBody>;

/** One accepted bot_url request, as recorded for tests. */
export interface BotUrlRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: BotUrlBody;
}

export type Fault = { kind: 'status'; status: number } | { kind: 'hang' } | { kind: 'reset' };

export const Fault = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('status'), status: z.number().int().min(200).max(599) }),
  z.strictObject({ kind: z.literal('hang') }),
  z.strictObject({ kind: z.literal('reset') }),
]);

/** Picks the shape by its distinguishing field so a refusal names the field that is wrong. */
const validate = (value: unknown): BotUrlBody => {
  const shape = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const schema = 'attachments' in shape ? Attachment : shape['event'] === 'message_postback' ? Postback : Text;
  const result = schema.safeParse(value);
  if (!result.success) throw new SimulatorError(400, `body does not match the API Chat send shape: ${issuesOf(result.error.issues)}`);
  return result.data;
};

export interface BotUrlContext {
  flowApiKey: string;
  faults: Fault[];
  /** The workspace is unreachable: every request loses its connection, and nothing is recorded. */
  down?: () => boolean;
  record(request: BotUrlRequest): void;
}

/** POST /api/apichat/<code>: one fault is consumed per request, before anything else is answered. */
export const handleBotUrl = async ({ flowApiKey, faults, down, record }: BotUrlContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
  if (down?.()) {
    req.socket.destroy();
    return;
  }
  const raw = await readBody(req);
  const fault = faults.shift();
  if (fault?.kind === 'hang') return; // answered never; close() drops the connection
  if (fault?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  if (fault) return sendJson(res, fault.status, { status: fault.status < 300 ? 'ok' : 'error', message: 'simulated fault' });
  if (!hasBearer(req, flowApiKey)) throw new SimulatorError(401, 'the flow API key is missing or wrong');
  const body = validate(parseJson(raw));
  record({ path, headers: req.headers, body });
  sendJson(res, 200, { status: 'ok' });
};
