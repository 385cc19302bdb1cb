import type { IncomingMessage } from 'node:http';
import type { Claims, Tokens } from '../auth/token.ts';
import { bearer } from '../auth/token.ts';
import type { Config } from '../config/index.ts';
import type { DiskGuard } from '../disk/index.ts';
import { HttpError } from '../http/errors.ts';
import type { ClientAddress } from '../http/client-address/index.ts';
import type { Limits } from '../http/limits.ts';
import type { Hub } from '../hub/index.ts';
import type { IdentityCheck } from '../identity/index.ts';
import type { Inbound } from '../inbound/index.ts';
import type { Logger } from '../log.ts';
import type { Outbox } from '../outbox/index.ts';
import type { Provider } from '../providers/types.ts';
import type { GroupCommit } from '../store/group-commit.ts';
import type { Conversation, Store } from '../store/types.ts';
import type { Typing } from '../typing/index.ts';
import type { Uploads } from '../uploads/index.ts';
import type { Metrics } from '../metrics/index.ts';

/** What every route needs; built once per relay (no module-level state, so two relays can share a process). */
export interface RelayContext {
  config: Config;
  store: Store;
  /** Where messages are appended: what arrives together is stored in one transaction (`store.appendBatch`). */
  groupCommit: GroupCommit;
  hub: Hub;
  tokens: Tokens;
  provider: Provider;
  outbox: Outbox;
  /** "The bot is typing", inferred from deliveries and replies. */
  typing: Typing;
  /** Stores and streams what the platform pushed (webhook or socket). */
  inbound: Inbound;
  logger: Logger;
  metrics: Metrics;
  /** Present when CHATPORT_IDENTITY_SECRET is set: checks identified visitors' hashes. */
  identity?: IdentityCheck;
  /** Visitor files: receiving, recording, public addresses. */
  uploads: Uploads;
  limits: Limits;
  /** The client's address: the socket's, or the one trusted proxies forwarded (TRUST_PROXY). */
  clientAddress: ClientAddress;
  /** Free space on DATA_DIR: uploads, then new messages, stop before the disk is full. */
  disk: DiskGuard;
  /** Built widget files (embed.js, assets/). */
  distDir: string;
  /** The demo website at `/` (demo mode). */
  demoPage?: string;
  /** Demo mode: the stand-in platform's address. */
  standInUrl?: string;
}

export interface Session {
  claims: Claims;
  conversation: Conversation;
}

/** The caller's session: a valid token whose conversation still exists, else 401 (the widget renews and retries). */
export const authenticate = async (ctx: RelayContext, req: IncomingMessage): Promise<Session> => {
  const token = bearer(req.headers.authorization);
  const claims = token === undefined ? undefined : ctx.tokens.verify(token);
  if (!claims) throw new HttpError(401, 'unauthorized', 'missing, invalid or expired session token');
  const conversation = await ctx.store.getConversation(claims.c);
  if (!conversation || conversation.visitorId !== claims.v) throw new HttpError(401, 'unauthorized', 'session refers to an unknown conversation');
  return { claims, conversation };
};
