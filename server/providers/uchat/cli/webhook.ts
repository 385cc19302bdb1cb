import { randomBytes } from 'node:crypto';
import type { CliIo } from '../../../cli/command.ts';
import { createPartnerClient, PartnerApiError, type PartnerWebhook } from '../partner.ts';
import { startHandshakeListener, type HandshakeListener } from './handshake-listener.ts';
import { DEFAULT_PARTNER_URL, DEFAULT_TIMEOUT_MS, parseWebhookArgs, type WebhookOptions } from './options.ts';

export const UCHAT_USAGE = `Usage: chatport uchat webhook get|set|remove [options]

Connects a UChat workspace's API Chat channel to this relay through UChat's partner API.

  get      show the workspace's API Chat webhook (the verification key is never shown)
  set      register PUBLIC_URL/webhooks/uchat. UChat verifies it at once by sending a handshake to that URL, so
           the relay must be running there with the same UCHAT_VERIFICATION_KEY (or use --listen). Succeeds only
           when UChat reports the webhook verified, then prints bot_url and the settings for the relay.
  remove   remove the workspace's API Chat webhook

Options (each falls back to the environment variable after it):
  --base-url <url>           UCHAT_PARTNER_URL       UChat's address, or your white-label domain (default ${DEFAULT_PARTNER_URL})
  --workspace <id>           UCHAT_WORKSPACE_ID      the workspace whose API Chat channel to connect
  --api-key <key>            UCHAT_PARTNER_API_KEY   the partner API key (made in the partner workspace; not the flow key)
  --public-url <url>         PUBLIC_URL              set: where UChat reaches the relay, e.g. https://chat.example.com
  --verification-key <key>   UCHAT_VERIFICATION_KEY  set: the key the relay checks (8-256 characters). When absent, set
                                                     generates a strong one and prints it as UCHAT_VERIFICATION_KEY.
  --listen [host:]port       set: answer the handshake from this command instead of a running relay (first setup,
                             before the relay has bot_url): listen where PUBLIC_URL arrives (host default 0.0.0.0)
                             until UChat has answered, then stop
  --timeout-ms <ms>          how long to wait for UChat, handshake included (default ${DEFAULT_TIMEOUT_MS})
  -h, --help                 this help

Keys given as flags can end up in your shell history: prefer the environment variables.
Exit status: 0 done, 1 UChat refused or could not be reached, 2 bad or missing options.`;

const FLOW_KEY_NOTE = '# UCHAT_API_KEY: the workspace\'s flow API key (API keys page, "manage flow" permission); not the partner key';

/** `chatport uchat …`; returns the exit status. Writes results to stdout and problems to stderr. */
export const runUchat = async (argv: string[], io: CliIo): Promise<number> => {
  const parsed = parseWebhookArgs(argv, io.env);
  if (parsed.help) {
    io.stdout(UCHAT_USAGE + '\n');
    return 0;
  }
  if ('issues' in parsed) {
    io.stderr(`chatport uchat: fix these options:\n${parsed.issues.map((issue) => `  - ${issue}`).join('\n')}\nRun \`chatport uchat webhook --help\` for details.\n`);
    return 2;
  }
  const options = parsed.options;
  const partner = createPartnerClient({
    baseUrl: options.baseUrl,
    workspaceId: options.workspaceId,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs,
    ...(io.fetch ? { fetch: io.fetch } : {}),
  });
  const context: FailureContext = { options, generated: false };
  try {
    if (options.action === 'get') return show(await partner.get(), options, io);
    if (options.action === 'remove') {
      await partner.remove();
      io.stdout(`Removed the API Chat webhook of workspace ${options.workspaceId}.\n`);
      return 0;
    }
    return await set(options, io, partner.set, context);
  } catch (error) {
    io.stderr(`chatport uchat webhook ${options.action}: ${describe(error, context)}\n`);
    return 1;
  }
};

const show = (webhook: PartnerWebhook | undefined, { workspaceId, verificationKey }: WebhookOptions, io: CliIo): number => {
  if (!webhook) {
    io.stdout(`No API Chat webhook is set for workspace ${workspaceId}.\n`);
    return 0;
  }
  const key =
    verificationKey === undefined
      ? 'set (not shown)'
      : webhook.verificationKey === verificationKey
        ? 'set (not shown); matches UCHAT_VERIFICATION_KEY'
        : 'set (not shown); DIFFERS from UCHAT_VERIFICATION_KEY';
  io.stdout(`webhook_url:      ${webhook.webhookUrl}\nwebhook_status:   ${webhook.status}\nbot_url:          ${webhook.botUrl}\nverification key: ${key}\n`);
  return 0;
};

interface FailureContext {
  options: WebhookOptions;
  generated: boolean;
  listener?: HandshakeListener;
}

const set = async (
  options: WebhookOptions,
  io: CliIo,
  register: (webhook: { webhookUrl: string; verificationKey: string }) => Promise<PartnerWebhook>,
  context: FailureContext,
): Promise<number> => {
  const verificationKey = options.verificationKey ?? randomBytes(32).toString('hex');
  context.generated = options.verificationKey === undefined;
  const webhookUrl = `${options.publicUrl}/webhooks/uchat`;
  if (options.listen) {
    context.listener = await startHandshakeListener({ ...options.listen, verificationKey });
    io.stderr(`Answering UChat's handshake on ${context.listener.url} until UChat has answered…\n`);
  }
  let webhook: PartnerWebhook;
  try {
    webhook = await register({ webhookUrl, verificationKey });
  } finally {
    await context.listener?.close();
  }
  if (webhook.status !== 'verified') {
    throw new Error(`UChat stored the webhook but reports it "${webhook.status}", not "verified": the relay at ${webhookUrl} has not passed the handshake.`);
  }
  if (!/^https?:\/\//.test(webhook.botUrl)) throw new Error('UChat verified the webhook but sent no usable bot_url; run `chatport uchat webhook get` to look again.');
  const keyLine = context.generated ? `UCHAT_VERIFICATION_KEY=${verificationKey}` : '# UCHAT_VERIFICATION_KEY: keep the key you gave (not shown)';
  io.stdout(
    [
      `UChat verified the webhook ${webhook.webhookUrl} (workspace ${options.workspaceId}).`,
      `bot_url: ${webhook.botUrl}`,
      '',
      `Put these settings in the relay's environment, then restart it:`,
      `PUBLIC_URL=${options.publicUrl}`,
      `UCHAT_BOT_URL=${webhook.botUrl}`,
      keyLine,
      FLOW_KEY_NOTE,
      '',
    ].join('\n'),
  );
  return 0;
};

/** The platform's own words, plus what to check; never a key (the partner client already redacts them). */
const describe = (error: unknown, { options, generated, listener }: FailureContext): string => {
  if (!(error instanceof PartnerApiError)) {
    const message = error instanceof Error ? error.message : String(error);
    const busy = (error as { code?: string } | undefined)?.code === 'EADDRINUSE';
    return busy ? `--listen: ${message}; stop whatever uses that port (e.g. the relay) or pick the port PUBLIC_URL reaches.` : message;
  }
  const hints: string[] = [];
  if (error.reason === 'unreachable') hints.push(`Check --base-url / UCHAT_PARTNER_URL (now ${options.baseUrl}) and this machine's network.`);
  if (error.reason === 'timeout') hints.push(`UChat did not answer within ${options.timeoutMs} ms (set waits for the handshake too); try again or raise --timeout-ms.`);
  if (error.status === 401 || error.status === 403)
    hints.push('Check the partner API key (--api-key / UCHAT_PARTNER_API_KEY): it is made in the partner workspace and is not the flow key.');
  else if (error.status === 404) hints.push(`Check the workspace id (--workspace / UCHAT_WORKSPACE_ID) and --base-url / UCHAT_PARTNER_URL (now ${options.baseUrl}).`);
  else if (options.action === 'set' && error.reason === 'refused' && (error.status ?? 500) < 500) {
    hints.push(`UChat could not verify ${options.publicUrl}/webhooks/uchat: the relay there must be running and answer the handshake with the same verification key.`);
    if (listener && listener.attempts() === 0) hints.push(`No handshake reached --listen ${listener.url}: check that PUBLIC_URL leads to this port.`);
    else if (generated && !listener)
      hints.push(
        "This run generated a new key, which a running relay cannot know: pass the relay's key with --verification-key (or UCHAT_VERIFICATION_KEY), or use --listen for a first setup.",
      );
  }
  return [error.message, ...hints.map((hint) => `  ${hint}`)].join('\n');
};
