import { batch, computed, signal } from '@preact/signals-core';
import type { AnswerValues, Author, Body, HistoryResponse, Message, OutgoingBody } from '../protocol/index.ts';

/**
 * Where one of the visitor's own messages stands: not yet accepted by the platform, accepted, seen by an agent (where
 * the platform reports it), or not stored at all.
 */
export type MessageStatus = 'pending' | 'sent' | 'read' | 'failed';

/** One row of the conversation as the UI draws it. */
export interface ChatItem {
  /** Stable across pending → stored, so the row is not redrawn. */
  key: string;
  /** The stored message's id (the original's, when a newer version is drawn): what an answer refers to. */
  id?: string;
  author: Author;
  body: Body;
  createdAt: string;
  /** Only on the visitor's own messages. */
  status?: MessageStatus;
  clientId?: string;
  /** Who wrote a reply, as the relay sent it: checked where it is drawn. */
  sender?: unknown;
}

interface Outgoing {
  clientId: string;
  body: OutgoingBody;
  /** How it is drawn until the relay's stored copy replaces it (an attachment shows as its upload). */
  preview: Body;
  createdAt: string;
  failed: boolean;
}

/**
 * Two replies in a row, the first written later by the platform's clock, or at the same instant with a higher
 * platform number (unreadable times, or equal ones without numbers, keep seq order).
 */
const later = (a: Message, b: Message): boolean => {
  const d = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  return a.author !== 'visitor' && b.author !== 'visitor' && (d > 0 || (d === 0 && a.order! > b.order!));
};

/** What a row shows besides its body: compared to tell whether the row changed. */
const FIELDS = ['id', 'author', 'createdAt', 'status', 'clientId', 'sender'] as const;

/** A question drawn as answered once the visitor's answer to it exists, unless the question says so itself. */
const answered = (body: Body, values?: AnswerValues): Body => {
  if (values?.type !== body.kind || (body as { answer?: unknown }).answer) return body;
  const v: Record<string, unknown> = values;
  // select → choices, form → fields, email → email, csat → {rating, feedback} (its `type` rides along, unread)
  return { ...body, answer: v.choices ?? v.fields ?? v.email ?? v } as Body;
};

/**
 * The conversation: stored messages sorted by seq and deduplicated by id, plus the visitor's not-yet-stored ones.
 * A message that `replaces` another is drawn in the original's place, also when the original arrives later.
 */
export const createTranscript = () => {
  const stored = signal<Message[]>([]);
  const outgoing = signal<Outgoing[]>([]);
  const deliveredSeq = signal(0);
  const readSeq = signal(0);
  const hasMore = signal(false);

  /** The last computation's rows by key, each with the body and answer it was drawn from. */
  let made = new Map<string, [ChatItem, Body, AnswerValues | undefined]>();

  const items = computed((): ChatItem[] => {
    const delivered = deliveredSeq.value;
    const read = readSeq.value;
    // The newest version of each message by its original's id (seq order: the last one wins); answers by question.
    const latest = new Map<string | undefined, Body>();
    const answers = new Map<string, AnswerValues>();
    const shown: Message[] = [];
    for (const m of stored.value) m.replaces ? latest.set(m.replaces, m.body) : shown.push(m);
    for (const { body } of [...stored.value, ...outgoing.value]) if (body.kind === 'answer') answers.set(body.to, body.values);
    // Platforms may deliver replies out of order: each run of replies goes by when it was written (a stable sort).
    for (let i = 1; i < shown.length; i++) for (let j = i; j > 0 && later(shown[j - 1]!, shown[j]!); j--) [shown[j - 1], shown[j]] = [shown[j]!, shown[j - 1]!];
    const making = new Map<string, [ChatItem, Body, AnswerValues | undefined]>();
    // An unchanged row keeps its object, so the UI redraws only the rows that changed.
    const row = (key: string, source: Body, values: AnswerValues | undefined, fields: Omit<ChatItem, 'key' | 'body'>): ChatItem => {
      const [old, oldSource, oldValues] = made.get(key) ?? [];
      const same = old && oldSource === source && oldValues === values && FIELDS.every((f) => old[f] === fields[f]);
      const item = same ? old : { key, ...fields, body: answered(source, values) };
      making.set(key, [item, source, values]);
      return item;
    };
    const rows = shown.map(({ id, author, body, createdAt, clientId, seq, sender }) =>
      row(clientId ? `c:${clientId}` : `m:${id}`, latest.get(id) ?? body, answers.get(id), {
        id,
        author,
        createdAt,
        status: author === 'visitor' ? (seq <= read ? 'read' : seq <= delivered ? 'sent' : 'pending') : undefined,
        clientId,
        sender,
      }),
    );
    for (const { clientId, preview, createdAt, failed } of outgoing.value)
      rows.push(row(`c:${clientId}`, preview, undefined, { author: 'visitor', createdAt, status: failed ? 'failed' : 'pending', clientId }));
    made = making;
    return rows;
  });

  /** Merges messages in; returns those not seen before. A stored message replaces the pending one with its clientId. */
  const add = (incoming: readonly Message[]): Message[] => {
    const known = new Set(stored.value.map((m) => m.id));
    // Set.add returns the set: a truthy "keep", and a second copy in the same batch is dropped.
    const fresh = incoming.filter((m) => !known.has(m.id) && known.add(m.id));
    const settled = new Set(incoming.filter((m) => m.author === 'visitor' && m.clientId).map((m) => m.clientId));
    batch(() => {
      if (fresh.length > 0) stored.value = [...stored.value, ...fresh].sort((a, b) => a.seq - b.seq);
      if (outgoing.value.some((o) => settled.has(o.clientId))) outgoing.value = outgoing.value.filter((o) => !settled.has(o.clientId));
    });
    return fresh;
  };

  /** The platform accepted (and, where it says so, an agent saw) the visitor's messages up to these seqs. */
  const setDelivered = (seq: number, read = 0) =>
    batch(() => {
      if (seq > deliveredSeq.value) deliveredSeq.value = seq;
      if (read > readSeq.value) readSeq.value = read;
    });

  return {
    items,
    hasMore,
    add,
    setDelivered,
    /** A history page (the newest, or an older one): `add` keeps the order whatever arrives first. */
    addPage: (page: HistoryResponse) =>
      batch(() => {
        add(page.messages);
        setDelivered(page.deliveredSeq, page.readSeq);
        hasMore.value = page.hasMore;
      }),
    /** The newest seq shown, or undefined when there is none. */
    lastSeq: (): number | undefined => stored.value.at(-1)?.seq,
    firstSeq: (): number | undefined => stored.value[0]?.seq,
    queue: (clientId: string, body: OutgoingBody, preview: Body) => {
      outgoing.value = [...outgoing.value, { clientId, body, preview, createdAt: new Date().toISOString(), failed: false }];
    },
    outgoingBody: (clientId: string): OutgoingBody | undefined => outgoing.value.find((o) => o.clientId === clientId)?.body,
    setFailed: (clientId: string, failed: boolean) => {
      outgoing.value = outgoing.value.map((o) => (o.clientId === clientId ? { ...o, failed } : o));
    },
    /** A different conversation (the visitor was replaced): drop what belongs to the old one. */
    reset: () =>
      batch(() => {
        stored.value = [];
        deliveredSeq.value = readSeq.value = 0;
        hasMore.value = false;
      }),
  };
};
