import { batch, computed, signal } from '@preact/signals-core';
import type { Author, Body, HistoryResponse, Message, OutgoingBody } from '../protocol/index.ts';

/** Where one of the visitor's own messages stands: not yet accepted by the platform, accepted, or not stored at all. */
export type MessageStatus = 'pending' | 'sent' | 'failed';

/** One row of the conversation as the UI draws it. */
export interface ChatItem {
  /** Stable across pending → stored, so the row is not redrawn. */
  key: string;
  author: Author;
  body: Body;
  createdAt: string;
  /** Only on the visitor's own messages. */
  status?: MessageStatus;
  clientId?: string;
}

interface Outgoing {
  clientId: string;
  body: OutgoingBody;
  /** How it is drawn until the relay's stored copy replaces it (an attachment shows as its upload). */
  preview: Body;
  createdAt: string;
  failed: boolean;
}

/** The conversation: stored messages sorted by seq and deduplicated by id, plus the visitor's not-yet-stored ones. */
export const createTranscript = () => {
  const stored = signal<Message[]>([]);
  const outgoing = signal<Outgoing[]>([]);
  const deliveredSeq = signal(0);
  const hasMore = signal(false);

  const items = computed((): ChatItem[] => {
    const delivered = deliveredSeq.value;
    const rows: ChatItem[] = stored.value.map(({ id, author, body, createdAt, clientId, seq }) => {
      const item: ChatItem = { key: clientId ? `c:${clientId}` : `m:${id}`, author, body, createdAt };
      if (author === 'visitor') item.status = seq <= delivered ? 'sent' : 'pending';
      if (clientId) item.clientId = clientId;
      return item;
    });
    for (const { clientId, preview, createdAt, failed } of outgoing.value) rows.push({ key: `c:${clientId}`, author: 'visitor', body: preview, createdAt, status: failed ? 'failed' : 'pending', clientId });
    return rows;
  });

  /** Merges messages in; returns those not seen before. A stored message replaces the pending one with its clientId. */
  const add = (incoming: readonly Message[]): Message[] => {
    const known = new Set(stored.value.map((m) => m.id));
    const fresh: Message[] = [];
    for (const m of incoming) {
      if (known.has(m.id)) continue;
      known.add(m.id);
      fresh.push(m);
    }
    const settled = new Set(incoming.filter((m) => m.author === 'visitor' && m.clientId).map((m) => m.clientId));
    batch(() => {
      if (fresh.length > 0) stored.value = [...stored.value, ...fresh].sort((a, b) => a.seq - b.seq);
      if (outgoing.value.some((o) => settled.has(o.clientId))) outgoing.value = outgoing.value.filter((o) => !settled.has(o.clientId));
    });
    return fresh;
  };

  const setDelivered = (seq: number) => {
    if (seq > deliveredSeq.value) deliveredSeq.value = seq;
  };

  return {
    items,
    hasMore,
    add,
    setDelivered,
    /** A history page (the newest, or an older one): `add` keeps the order whatever arrives first. */
    addPage: (page: HistoryResponse) =>
      batch(() => {
        add(page.messages);
        setDelivered(page.deliveredSeq);
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
        deliveredSeq.value = 0;
        hasMore.value = false;
      }),
  };
};

export type Transcript = ReturnType<typeof createTranscript>;
