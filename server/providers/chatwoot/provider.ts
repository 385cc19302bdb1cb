import { silentLogger, type Logger } from '../../log.ts';
import type { Store, Visitor } from '../../store/types.ts';
import type { FilePart } from '../files.ts';
import { jsonReply as json } from '../reply.ts';
import { DeliveryError, type Delivery, type InboundSink, type Provider, type RawRequest, type WebhookOutcome } from '../types.ts';
import { createChatwootClient } from './client/index.ts';
import { chatwootMessageId, deliverToChatwoot, type ChatwootVisitorState, type DeliverOptions, type DeliverResult } from './delivery/index.ts';
import { markSeen, sendTyping } from './delivery/signals.ts';
import { isChatwootError } from './client/errors.ts';
import { toInboundMessages, toSignals } from './inbound.ts';
import { toInboxResponse } from './inbox.ts';
import { fromLink, toLink } from './link.ts';
import { parseCallback } from './parse.ts';
import { createRealtime } from './realtime/index.ts';
import type { ChatwootSettings } from './settings.ts';
import { identifierHash, verifyWebhook } from './signature.ts';

export interface ChatwootProviderOptions {
  settings: ChatwootSettings;
  store: Store;
  /** The bytes behind a visitor's upload address (PUBLIC_URL/files/…); undefined when it is gone. */
  loadFile?: (url: string) => Promise<FilePart | undefined>;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  logger?: Logger;
  /** The cable path's timings (tests shorten them). */
  cable?: { confirmTimeoutMs?: number; backoff?: { baseMs: number; maxMs: number } };
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A Chatwoot-family API inbox through its public client API: no agent token in the relay (docs/platforms/chatwoot.md#client-api). */
export const createChatwootProvider = ({
  settings,
  store,
  loadFile,
  timeoutMs = 10_000,
  fetch = globalThis.fetch,
  logger = silentLogger,
  cable,
}: ChatwootProviderOptions): Provider => {
  const client = createChatwootClient({ baseUrl: settings.url, inboxIdentifier: settings.inboxIdentifier, fetch, timeoutMs });
  const { signatureMode: mode, webhookSecret: secret, hmacToken } = settings;
  let sink: InboundSink | undefined;
  const stateOf = async (visitorId: string): Promise<ChatwootVisitorState> => fromLink(await store.getLink(visitorId));
  const realtime = settings.realtime === 'cable' ? createRealtime({ baseUrl: settings.url, client, stateOf, sink: () => sink, logger, ...cable }) : undefined;

  /** Identified visitors are sent with their identifier and its hash, so their history follows them (docs/platforms/chatwoot.md#identity). */
  const contactOf = (visitor: Visitor) => ({
    ...(visitor.name ? { name: visitor.name } : {}),
    ...(visitor.email ? { email: visitor.email } : {}),
    ...(visitor.externalId && hmacToken ? { identifier: visitor.externalId, identifierHash: identifierHash(hmacToken, visitor.externalId) } : {}),
  });

  /** On create the hash is only checked; a follow-up update with the pair marks the contact verified. */
  const verify = async (visitor: Visitor, sourceId: string) => {
    const contact = contactOf(visitor);
    if (!('identifier' in contact)) return;
    await client
      .updateContact(sourceId, { identifier: contact.identifier, identifierHash: contact.identifierHash })
      .catch((error: unknown) => logger.warn('chatwoot.verify_failed', { visitorId: visitor.id, reason: isChatwootError(error) ? error.kind : 'error' }));
  };

  const bestEffort = async (what: string, visitor: Visitor, run: (state: ChatwootVisitorState) => Promise<unknown>) => {
    try {
      await run(await stateOf(visitor.id));
    } catch (error) {
      logger.warn(`chatwoot.${what}_failed`, { visitorId: visitor.id, reason: isChatwootError(error) ? error.kind : reasonOf(error) });
    }
  };

  return {
    name: 'chatwoot',
    typing: 'signalled',

    inbox: async () => toInboxResponse(await client.getInbox()),

    async handleWebhook({ method, headers, body }: RawRequest): Promise<WebhookOutcome> {
      if (method !== 'POST') return { reply: json(405, 'the inbox callback is a POST') };
      if (settings.realtime === 'cable' && mode !== 'off' && !secret) return { reply: json(404, 'this relay follows Chatwoot by its socket (CHATWOOT_REALTIME=cable)') };
      const verified = verifyWebhook({ mode, ...(secret ? { secret } : {}), headers, body });
      if (!verified.ok) return { reply: json(401, verified.reason) };
      const parsed = parseCallback(body);
      if (!parsed.ok) return { reply: json(400, parsed.reason) };
      return { messages: toInboundMessages(parsed.messages), signals: toSignals(parsed.signals) };
    },

    async deliver({ visitor, conversation, message }: Delivery): Promise<void> {
      const before = await stateOf(visitor.id);
      // The first contact gets our visitor id as its source_id: pushes then name the visitor directly.
      const send = (body: DeliverOptions['body'], answerTo?: number) =>
        deliverToChatwoot({
          client,
          state: before.sourceId ? before : { sourceId: visitor.id },
          body,
          contact: contactOf(visitor),
          echoId: message.id,
          ...(answerTo === undefined ? {} : { answerTo }),
          ...(loadFile ? { loadFile: (media) => ('url' in media ? loadFile(media.url) : Promise.resolve(undefined)) } : {}),
          onState: (state) => store.saveLink(toLink(visitor.id, state)),
        });
      const { body } = message;
      let result: DeliverResult;
      if (body.kind === 'answer') {
        try {
          const answerTo = chatwootMessageId(await store.getExternalId(conversation.id, body.to));
          if (answerTo === undefined) throw new DeliveryError('the question this answers did not come from Chatwoot', false);
          result = await send(body, answerTo);
        } catch (error) {
          if (!(error instanceof DeliveryError) || error.retryable) throw error;
          // A question Chatwoot can no longer take (a survey locked after 14 days, a deleted question): the answer
          // still reaches the agent, as text, and the visitor's later messages are not held up behind it for ever.
          logger.warn('chatwoot.answer_as_text', { visitorId: visitor.id, status: error.status, reason: error.message });
          result = await send({ kind: 'text', text: body.text });
        }
      } else {
        result = await send(body);
      }
      const fresh = result.state.pubsubToken !== before.pubsubToken;
      if (fresh && result.state.sourceId && !result.identityRefused) await verify(visitor, result.state.sourceId);
      if (result.identityRefused) logger.warn('chatwoot.identity_refused', { visitorId: visitor.id });
      if (fresh) realtime?.changed(visitor.id);
    },

    visitorTyping: (visitor, on) => bestEffort('typing', visitor, (state) => sendTyping(client, state, on)),
    visitorSeen: (visitor) => bestEffort('seen', visitor, (state) => markSeen(client, state)),
    // Only the cable path follows active visitors; the webhook path spares each stream the lookup.
    ...(realtime
      ? { visitorActive: (visitor: Visitor, active: boolean) => realtime.active(visitor.id, active), linkChanged: (visitorId: string) => realtime.changed(visitorId) }
      : {}),
    connect(given) {
      sink = given;
    },
    async close() {
      realtime?.close();
    },
  };
};
