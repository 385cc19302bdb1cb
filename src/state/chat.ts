import { batch, signal } from '@preact/signals-core';
import type { AnswerValues, Body, ConversationEvent, Identity, Message, OutgoingBody, StreamEvent } from '../protocol/index.ts';
import { createApi, type TokenStorage } from '../transport/api.ts';
import { backoff, newClientId, sleep } from '../transport/backoff.ts';
import { createSender } from '../transport/sender.ts';
import { createStream, type StreamState } from '../transport/stream.ts';
import { createPresence } from './presence.ts';
import { createTranscript } from './transcript.ts';
import type { Uploads } from './uploads.ts';

export type ConnectionState = 'idle' | StreamState;

export interface ChatOptions {
  relayUrl: string;
  storage?: TokenStorage | undefined;
  fetch?: typeof fetch;
  /** Source of `online`/`offline` events (the window in a browser). */
  network?: EventTarget | undefined;
  /** Retry timing, shortened in tests. */
  base?: number;
  cap?: number;
  attempts?: number;
  /** How long a typing indicator lasts when its "off" never comes. */
  typingTimeout?: number;
  /** Makes the upload requests; replaced in tests. */
  xhr?: () => XMLHttpRequest;
  /** Each bot or agent message as it arrives live (not history pages). */
  onMessage?: ((message: Message) => void) | undefined;
  /** Problems the site owner should hear about (JS API `error` event), e.g. a refused identity. */
  onError?: ((message: string) => void) | undefined;
}

const PAGE = 50;
/** The most a composer message may hold (the relay's limit for visitor text). */
export const MAX_LENGTH = 5000;

/** The chat model: transcript, connection, panel and composer state, and the actions the UI calls. No DOM. */
export const createChat = ({ relayUrl, storage, fetch, network, base = 1000, cap = 15_000, attempts = 4, typingTimeout = 20_000, xhr, onMessage, onError }: ChatOptions) => {
  const transcript = createTranscript();
  const open = signal(false);
  const unread = signal(0);
  const composer = signal('');
  const connection = signal<ConnectionState>('idle');
  const typing = signal(false);
  const loadingOlder = signal(false);
  /** The platform's conversation status; `resolved` shows a notice until the visitor writes again. */
  const conversation = signal<ConversationEvent['status'] | undefined>(undefined);
  /** The site's greeting for the closed launcher (JS API `greet`, `data-greeting`). */
  const greeting = signal('');
  /** JS API `mute`: no unread count in the tab title, no sound. */
  const muted = signal(false);

  let conversationId: string | undefined;
  let generation = 0;
  let running = false;
  /** Settles once the current boot has tried for its first history page once (sends wait for that). */
  let history: Promise<void> = Promise.resolve();
  let stream: { close: () => void } | undefined;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  const api = createApi({
    relayUrl,
    fetch,
    storage,
    onIdentityRefused: (message) => onError?.(`identify: ${message}`),
    onSession: (session) => {
      const replaced = conversationId !== undefined && session.conversationId !== conversationId;
      conversationId = session.conversationId;
      // The old token could not be resumed: a new visitor, so the old transcript and stream position are void.
      if (replaced && running) {
        transcript.reset();
        void boot();
      }
    },
  });
  const presence = createPresence(api.ping, () => open.value);
  // Sends wait (queued) while the live connection is down rather than fail.
  const online = () => connection.value !== 'offline' && connection.value !== 'reconnecting';
  const whenOnline = () =>
    new Promise<void>((resolve) => {
      const off = connection.subscribe(() => online() && (off(), resolve()));
    });
  const sender = createSender({ send: api.send, attempts, base, cap, online, whenOnline });

  // Uploads are code most visitors never need: their chunk comes with the first attached file.
  const uploads = signal<Uploads | undefined>(undefined);
  let uploadsLoading: Promise<Uploads> | undefined;
  const loadUploads = () =>
    (uploadsLoading ??= Promise.all([import('./uploads.ts'), import('../transport/upload.ts')]).then(
      ([{ createUploads }, { createUploader }]) =>
        (uploads.value = createUploads({
          upload: createUploader({ relayUrl, getToken: api.getToken, xhr }).upload,
          // Shown as its upload until the relay's stored copy arrives; sent (and retried) like text.
          onUploaded: (clientId, { id, ...preview }) => queue(clientId, { kind: 'attachment', uploadId: id }, preview),
        })),
      (error: unknown) => {
        uploadsLoading = undefined;
        throw error;
      },
    ));

  const setTyping = (on: boolean) => {
    clearTimeout(typingTimer);
    typing.value = on;
    if (on) typingTimer = setTimeout(() => (typing.value = false), typingTimeout);
  };

  const reopen = () => void (conversation.value === 'resolved' && (conversation.value = 'open'));

  const onEvent = (event: StreamEvent) => {
    if (event.event === 'message') {
      // A newer version of a message is drawn in its place: not a new message to count, report or mark seen.
      const fresh = transcript.add([event.data]).filter((m) => !m.replaces);
      const replies = fresh.filter((m) => m.author !== 'visitor');
      for (const m of replies) onMessage?.(m);
      batch(() => {
        if (replies.length > 0) setTyping(false);
        if (!open.value) unread.value += replies.length;
        // Written from another tab or device.
        if (fresh.length > replies.length) reopen();
      });
      if (replies.length > 0) {
        presence.replies(true);
      }
    } else if (event.event === 'status') transcript.setDelivered(event.data.deliveredSeq, event.data.readSeq);
    else if (event.event === 'typing') setTyping(event.data.on);
    else conversation.value = event.data.status;
  };

  /** Newest history page first, then the stream from just after it; retried until it works or stop(). */
  const boot = async () => {
    const mine = ++generation;
    stream?.close();
    stream = undefined;
    connection.value = 'connecting';
    await firstPage(mine);
    if (mine !== generation) return;
    const last = transcript.lastSeq();
    stream = createStream({
      relayUrl,
      getToken: api.getToken,
      lastEventId: last === undefined ? '' : String(last),
      onEvent,
      onState: (s) => (connection.value = s),
      fetch,
      network,
      base,
      cap,
    });
  };

  const firstPage = async (mine: number) => {
    let tried!: () => void;
    history = new Promise((resolve) => (tried = resolve));
    for (let attempt = 0; ; attempt++) {
      try {
        const page = await api.history({ limit: PAGE });
        if (mine === generation) transcript.addPage(page);
        return tried();
      } catch {
        tried();
        if (mine !== generation) return;
        await sleep(backoff(attempt, { base, cap })).done;
        if (mine !== generation) return;
      }
    }
  };

  const start = () => {
    if (running) return;
    running = true;
    void boot();
  };

  /** Shown at once, sent in order, queued while offline, retried (durable sender). */
  const queue = (clientId: string, body: OutgoingBody, preview: Body) => {
    transcript.queue(clientId, body, preview);
    reopen();
    start();
    deliver(clientId);
  };
  const post = (body: Extract<OutgoingBody, { kind: 'text' | 'postback' | 'answer' }>) => queue(newClientId(), body, body);

  const deliver = (clientId: string) => {
    const body = transcript.outgoingBody(clientId);
    if (!body) return;
    transcript.setFailed(clientId, false);
    // Sent once the first history page is in: a quick reply then comes by the stream (and fires `message`).
    void history
      .then(() => sender.send({ clientId, body }))
      .then(
        (res) => transcript.add([res.message]),
        () => transcript.setFailed(clientId, true),
      );
  };

  const stop = () => {
    running = false;
    generation++;
    stream?.close();
    stream = undefined;
    clearTimeout(typingTimer);
    presence.stop();
    uploads.value?.clear();
    connection.value = 'idle';
  };

  /** Another visitor from now on: the old conversation goes, the next session request carries `identity`. */
  const switchVisitor = (identity?: Identity) => {
    stop();
    api.forget(identity);
    conversationId = undefined;
    batch(() => {
      transcript.reset();
      unread.value = 0;
      conversation.value = undefined;
    });
    if (open.value || identity) start();
  };

  return {
    items: transcript.items,
    hasMore: transcript.hasMore,
    loadingOlder,
    open,
    unread,
    composer,
    connection,
    typing,
    conversation,
    greeting,
    muted,
    /** The relay's base URL and the fetch the chat uses, for the widget's other requests (the inbox, the sound). */
    relayUrl,
    fetch,
    /** Shows `text` beside the closed launcher after `delay` ms (the widget decides whether it may). */
    greet: (text: string, { delay = 0 } = {}) => void setTimeout(() => (greeting.value = String(text ?? '')), delay),
    mute: (on = true) => void (muted.value = on !== false),
    /** Starts at once for a returning visitor; a new one is created only when the panel first opens. */
    resumable: api.hasToken,
    start,
    setOpen: (value: boolean) =>
      batch(() => {
        open.value = value;
        if (!value) return presence.quiet();
        presence.replies(unread.value > 0);
        unread.value = 0;
        start();
      }),
    /** The composer's text changed: "typing on" at once and every 3 s while it goes on, "off" after 5 s of quiet. */
    input: (value: string) => {
      composer.value = value;
      presence.typed();
    },
    quiet: presence.quiet,
    /**
     * Sends the composer's text, or `text` (a suggested prompt, JS API `send`) without touching what the visitor is
     * typing; false when there was nothing to send.
     */
    send: (text?: unknown): boolean => {
      const typed = text === undefined;
      const value = (typed ? composer.value : String(text)).trim();
      if (!value) return false;
      batch(() => {
        if (typed) {
          composer.value = '';
          presence.quiet();
        }
        post({ kind: 'text', text: value.slice(0, MAX_LENGTH) });
      });
      return true;
    },
    /** A postback button of message `to` was pressed: the platform gets its payload, the transcript shows the choice. */
    press: (to: string, title: string, payload: string) => post({ kind: 'postback', to, title, payload }),
    /** The visitor answered the question in message `to`: sent like text; the question shows as answered at once. */
    answer: (to: string, text: string, values: AnswerValues) => post({ kind: 'answer', to, text, values }),
    /** Sends a failed message again with the same clientId, so the relay stores it once. */
    retry: deliver,
    /** Files on their way (progress, errors with retry / dismiss); undefined until the first file is attached. */
    uploads,
    /**
     * Checks a file, uploads it and sends it as an attachment message; several files go in the order attached.
     * Resolves once the file is queued (the upload code is fetched on first use).
     */
    attach: (file: File): Promise<void> =>
      loadUploads().then(
        (u) => void (u.add(file) && start()),
        () => undefined,
      ),
    loadOlder: async () => {
      const before = transcript.firstSeq();
      if (loadingOlder.value || !transcript.hasMore.value || before === undefined) return;
      loadingOlder.value = true;
      try {
        transcript.addPage(await api.history({ limit: PAGE, before }));
      } catch {
        // The button stays; pressing it again retries.
      } finally {
        loadingOlder.value = false;
      }
    },
    stop,
    /** The site owner vouches for this visitor (JS API `identify`): their own conversation replaces the current one. */
    identify: (identity: Identity) => switchVisitor(identity),
    /** Forgets this visitor (JS API `reset`): a new one is created when the panel is next open. */
    reset: () => switchVisitor(),
  };
};

export type Chat = ReturnType<typeof createChat>;
