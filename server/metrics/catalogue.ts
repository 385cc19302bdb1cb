/**
 * Every metric the relay exposes, defined once: its name (the key), type, help text and labels. A label lists its
 * values where they are known in advance (those series are created at 0, so a rate is right from the first scrape);
 * `any` takes values from the code, such as a route pattern or an error code — never from what a client sent.
 * Code names metrics by these keys only, so a misspelt name or label is a compile error.
 */
export const CATALOGUE = {
  chatport_webhooks_total: {
    type: 'counter',
    help: 'Platform webhook requests by outcome: accepted (something new stored or signalled), duplicate (nothing new), ignored (authentic, nothing for a visitor), handshake, deferred (503: the relay is short of disk space or cannot reach its database, the platform sends it again), or refused as signature, malformed, unknown_visitor or refused (anything else).',
    labels: { outcome: ['accepted', 'duplicate', 'ignored', 'handshake', 'deferred', 'signature', 'malformed', 'unknown_visitor', 'refused'] },
  },
  chatport_deliveries_total: {
    type: 'counter',
    help: 'Attempts to deliver a visitor message to the platform: delivered, failed (retried later) or refused (the platform can never take it; retried too).',
    labels: { outcome: ['delivered', 'failed', 'refused'] },
  },
  chatport_delivery_retries_total: {
    type: 'counter',
    help: 'Delivery attempts that were retries of an earlier failed attempt.',
    labels: {},
  },
  chatport_refusals_total: {
    type: 'counter',
    help: 'Requests answered with a 4xx, by route pattern and error code (rate_limited for rate limits; the status where there is no code).',
    labels: { route: 'any', code: 'any' },
  },
  chatport_sessions_total: {
    type: 'counter',
    help: 'Visitor sessions issued: new (a new anonymous visitor), resumed (an earlier token), identified (a visitor the site vouched for).',
    labels: { kind: ['new', 'resumed', 'identified'] },
  },
  chatport_messages_total: {
    type: 'counter',
    help: 'Messages stored, by author.',
    labels: { author: ['visitor', 'bot', 'agent'] },
  },
  chatport_uploads_total: {
    type: 'counter',
    help: 'Visitor files stored, by kind.',
    labels: { kind: ['image', 'audio', 'video', 'file'] },
  },
  chatport_streams_evicted_total: {
    type: 'counter',
    help: 'Visitor streams ended because the visitor or the client address opened more than STREAMS_PER_VISITOR / STREAMS_PER_ADDRESS.',
    labels: { reason: ['visitor', 'address'] },
  },
  chatport_retention_deleted_total: {
    type: 'counter',
    help: 'What retention removed: messages, visitors (with their conversation), uploads, and stray upload files no record named.',
    labels: { kind: ['messages', 'visitors', 'uploads', 'strayFiles'] },
  },
  chatport_streams_opened_total: {
    type: 'counter',
    help: 'Visitor streams (GET /v1/stream) opened.',
    labels: {},
  },
  chatport_stream_frames_total: {
    type: 'counter',
    help: 'Live events written to visitor streams.',
    labels: {},
  },
  chatport_signals_total: {
    type: 'counter',
    help: 'Payloads of signals between relays (several signals each): sent, received from other relays, or dropped (the bus was away; the streams catch up from the store).',
    labels: { direction: ['sent', 'received', 'dropped'] },
  },
  chatport_streams_refused_total: {
    type: 'counter',
    help: 'New visitor streams answered 503 (with Retry-After) because the relay holds STREAMS_MAX streams, the most its open-file limit leaves room for.',
    labels: {},
  },
  chatport_streams: {
    type: 'gauge',
    help: 'Visitor streams open now.',
    labels: {},
  },
  chatport_stream_conversations: {
    type: 'gauge',
    help: 'Conversations with at least one open stream.',
    labels: {},
  },
  chatport_outbox_depth: {
    type: 'gauge',
    help: 'Visitor messages queued for the platform and not yet accepted by it.',
    labels: {},
  },
  chatport_outbox_oldest_age_seconds: {
    type: 'gauge',
    help: 'How long the oldest queued visitor message has waited (0 when the queue is empty).',
    labels: {},
  },
  chatport_webhook_to_stream_seconds: {
    type: 'histogram',
    help: 'From a webhook push arriving to its messages being stored and published to the open streams.',
    labels: {},
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  },
  chatport_delivery_duration_seconds: {
    type: 'histogram',
    help: 'How long one delivery attempt to the platform took, by outcome.',
    labels: { outcome: ['delivered', 'failed', 'refused'] },
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  },
  chatport_relay_info: {
    type: 'gauge',
    help: 'Always 1: the running version, mode and provider.',
    labels: { version: 'any', mode: 'any', provider: 'any' },
  },
} as const satisfies Record<string, MetricSpec>;

export interface MetricSpec {
  type: 'counter' | 'gauge' | 'histogram';
  help: string;
  labels: Readonly<Record<string, readonly string[] | 'any'>>;
  buckets?: readonly number[];
}

type Catalogue = typeof CATALOGUE;
export type MetricName = keyof Catalogue;
type Named<T extends MetricSpec['type']> = { [K in MetricName]: Catalogue[K]['type'] extends T ? K : never }[MetricName];
export type CounterName = Named<'counter'>;
export type GaugeName = Named<'gauge'>;
export type HistogramName = Named<'histogram'>;

type ValueOf<V> = V extends readonly (infer U)[] ? U : string;
/** The labels a metric takes, each with its allowed values. */
export type LabelsOf<K extends MetricName> = { -readonly [L in keyof Catalogue[K]['labels']]: ValueOf<Catalogue[K]['labels'][L]> };
/** `[labels]` for a labelled metric, `[]` (or an empty object) for one without labels. */
export type LabelArgs<K extends MetricName> = keyof Catalogue[K]['labels'] extends never ? [labels?: Record<string, never>] : [labels: LabelsOf<K>];
