import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  type AnswerValues,
  ApiError,
  Body,
  ConversationEvent,
  EMAIL_PATTERN,
  HistoryResponse,
  InboxResponse,
  Message,
  Sender,
  SendResponse,
  SessionResponse,
  StatusEvent,
  TypingEvent,
  UploadResponse,
  isHttpUrl,
  type BodyKind,
} from '../protocol/index.ts';
import { isSession, toApiError, toBody, toHistory, toMessage, toSendResponse } from './guards.ts';
import { toInbox, toSender } from './conversation-guards.ts';
import { isRichBody } from './rich-guards.ts';
import { toStreamEvent } from './stream.ts';
import { toUpload } from './upload.ts';

// The widget checks what crosses into the browser by hand (zod would not fit its size budget). These properties run
// the hand-written guards and the protocol's zod schemas over the same samples, valid ones and mutated ones, and
// require the same verdict, except where the widget is deliberately more lenient or strict. Those differences are
// listed here, each as the exact kind of zod issue it may ignore; any other disagreement fails.

type Issue = z.core.$ZodIssue;
type Lenient = (issue: Issue, sample: unknown) => boolean;

// Deliberate differences, shared by every check below.
/** The widget draws text, lists and URLs of any length: the relay enforces the limits before anything is stored. */
const anyLength: Lenient = (issue) => issue.code === 'too_big' && (issue.origin === 'string' || issue.origin === 'array');
/** The `kind` of the object holding the value at `path`. */
const kindOf = (sample: unknown, path: PropertyKey[]): unknown =>
  (path.slice(0, -1).reduce<unknown>((v, key) => (v as Record<PropertyKey, unknown>)?.[key], sample) as { kind?: unknown })?.kind;
/**
 * An answer's values are read only when they fit the question they answer (transcript.ts): the widget checks that
 * they are an object, and the question is drawn only if the answer then fits its template (rich-guards.ts).
 */
const answerValues: Lenient = (issue, sample) => issue.path.includes('values') && kindOf(sample, issue.path.slice(0, issue.path.indexOf('values') + 1)) === 'answer';
/** A text's `format` the widget does not know draws the text plain, as without one (the relay sends only `markdown`). */
const anyFormat: Lenient = (issue, sample) => issue.path.at(-1) === 'format' && kindOf(sample, issue.path) === 'text';
const lenientForBodies: Lenient[] = [anyLength, answerValues, anyFormat];

/**
 * Same verdict for `sample`, or the schema refuses it only for reasons in `lenient`. `stricter` names samples the
 * widget refuses on purpose although the schema accepts them.
 */
const agree = (schema: z.ZodType, sample: unknown, widget: boolean, lenient: Lenient[] = [], stricter = false): void => {
  const result = schema.safeParse(sample);
  if (result.success) {
    expect(widget, `the widget refuses what the schema accepts: ${show(sample)}`).toBe(!stricter);
  } else if (widget) {
    const unexplained = result.error.issues.filter((issue) => !lenient.some((allowed) => allowed(issue, sample)));
    expect(unexplained, `the widget accepts what the schema refuses: ${show(sample)}`).toEqual([]);
  }
};

const show = (v: unknown) =>
  JSON.stringify(v, (_, x: unknown) => (x === undefined ? '<undefined>' : typeof x === 'string' && x.length > 40 ? `${x.slice(0, 20)}…(${x.length})` : x));

// Valid samples, one arbitrary per kind of body (typed over the protocol's kinds: a new kind needs one here).
const text = fc.string({ maxLength: 30 });
const word = fc.string({ minLength: 1, maxLength: 30 });
const url = fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true });
const count = fc.nat({ max: 1e6 });
const email = fc.emailAddress().filter((e) => e.length <= 320 && EMAIL_PATTERN.test(e));
const button = fc.oneof(fc.record({ type: fc.constant('postback' as const), title: text, payload: text }), fc.record({ type: fc.constant('url' as const), title: text, url }));
const choice = fc.record({ title: text, value: text });
const fieldValue = fc.record({ name: word, value: text });
const rating = fc.record({ rating: fc.integer({ min: 1, max: 5 }), feedback: text }, { requiredKeys: ['rating'] });
const formField = fc.record(
  {
    name: word,
    label: text,
    type: fc.constantFrom('text' as const, 'textarea' as const, 'email' as const, 'select' as const),
    placeholder: text,
    required: fc.boolean(),
    default: text,
    pattern: text,
    patternError: text,
    options: fc.array(fc.record({ label: text, value: text }), { maxLength: 3 }),
  },
  { requiredKeys: ['name', 'label', 'type'] },
);
const pixels = fc.integer({ min: 1, max: 10_000 });
const media = <K extends 'image' | 'audio' | 'video' | 'file'>(kind: K) =>
  fc.record({ kind: fc.constant(kind), url, name: text, size: count, mime: text, width: pixels, height: pixels }, { requiredKeys: ['kind', 'url'] });
const answers = fc.oneof(
  fc.record({ type: fc.constant('select' as const), choices: fc.array(choice, { minLength: 1, maxLength: 3 }) }),
  fc.record({ type: fc.constant('form' as const), fields: fc.array(fieldValue, { maxLength: 3 }) }),
  fc.record({ type: fc.constant('email' as const), email }),
  fc.record({ type: fc.constant('csat' as const), rating: fc.integer({ min: 1, max: 5 }), feedback: text }, { requiredKeys: ['type', 'rating'] }),
) as fc.Arbitrary<AnswerValues>;

const bodies: { [K in BodyKind]: fc.Arbitrary<Extract<Body, { kind: K }>> } = {
  text: fc.record({ kind: fc.constant('text'), text: word, format: fc.constant('markdown' as const) }, { requiredKeys: ['kind', 'text'] }),
  buttons: fc.record({ kind: fc.constant('buttons'), text, buttons: fc.array(button, { maxLength: 4 }) }),
  carousel: fc.record({
    kind: fc.constant('carousel'),
    ratio: fc.constantFrom('horizontal' as const, 'square' as const),
    items: fc.array(
      fc.record(
        { title: text, subtitle: text, imageUrl: url, itemUrl: url, defaultAction: button, buttons: fc.array(button, { maxLength: 3 }) },
        { requiredKeys: ['title', 'buttons'] },
      ),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  image: media('image'),
  audio: media('audio'),
  video: media('video'),
  file: media('file'),
  postback: fc.record({ kind: fc.constant('postback'), title: text, payload: text }),
  select: fc.record(
    { kind: fc.constant('select'), text, options: fc.array(choice, { minLength: 1, maxLength: 3 }), answer: fc.array(choice, { maxLength: 2 }) },
    { requiredKeys: ['kind', 'text', 'options'] },
  ),
  form: fc.record(
    { kind: fc.constant('form'), text, fields: fc.array(formField, { minLength: 1, maxLength: 3 }), submitLabel: text, answer: fc.array(fieldValue, { maxLength: 2 }) },
    { requiredKeys: ['kind', 'text', 'fields'] },
  ),
  email: fc.record({ kind: fc.constant('email'), text, answer: email }, { requiredKeys: ['kind', 'text'] }),
  csat: fc.record({ kind: fc.constant('csat'), text, display: fc.constantFrom('emoji' as const, 'star' as const), answer: rating }, { requiredKeys: ['kind', 'text', 'display'] }),
  articles: fc.record({
    kind: fc.constant('articles'),
    text,
    items: fc.array(fc.record({ title: text, description: text, url }, { requiredKeys: ['title', 'url'] }), { minLength: 1, maxLength: 3 }),
  }),
  answer: fc.record({ kind: fc.constant('answer'), to: text, text: word, values: answers }),
  deleted: fc.record({ kind: fc.constant('deleted') }),
  unsupported: fc.record({ kind: fc.constant('unsupported'), summary: text }),
};
const body = fc.oneof(...Object.values(bodies)) as fc.Arbitrary<Body>;

const message = (bodyArb: fc.Arbitrary<unknown> = body) =>
  fc.record(
    {
      id: word,
      seq: fc.integer({ min: 1, max: 1e9 }),
      conversationId: word,
      author: fc.constantFrom('visitor' as const, 'bot' as const, 'agent' as const),
      createdAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      clientId: word,
      order: count,
      replaces: word,
      sender: fc.record({ name: word.filter((n) => n.trim() !== ''), avatarUrl: url }, { requiredKeys: ['name'] }),
      body: bodyArb,
    },
    { requiredKeys: ['id', 'seq', 'conversationId', 'author', 'createdAt', 'body'] },
  );

// Invalid samples: a valid one with one value somewhere replaced by a wrong one, or removed.
const REMOVE = Symbol('remove');
const KINDS = Object.keys(bodies);
const wrong = fc.constantFrom<unknown>(
  REMOVE,
  undefined,
  null,
  0,
  -1,
  1.5,
  6,
  2 ** 53,
  '',
  'x',
  'javascript:alert(1)',
  'data:text/html,<b>hi</b>',
  '//x.test/a',
  'https://x.test/a',
  'not an email@',
  true,
  [],
  [null],
  [{}],
  {},
  'a'.repeat(5000),
  'constructor',
  '__proto__',
  'hologram',
  ...KINDS,
);

type Path = PropertyKey[];
/** Every place in a JSON-like value: object keys and array indexes, at every depth. */
const places = (value: unknown, at: Path = []): Path[] =>
  value !== null && typeof value === 'object' ? Object.keys(value).flatMap((key) => [[...at, key], ...places((value as Record<string, unknown>)[key], [...at, key])]) : [];
const replaced = (value: unknown, [key, ...rest]: Path, by: unknown): unknown => {
  if (key === undefined) return by;
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }) as Record<PropertyKey, unknown>;
  const next = replaced(copy[key], rest, by);
  if (next === REMOVE) {
    if (Array.isArray(copy)) (copy as unknown[]).splice(Number(key), 1);
    else delete copy[key];
  } else copy[key] = next;
  return copy;
};
/** `arb`'s samples, each with one value somewhere replaced by a wrong one or removed. */
const mutated = <T>(arb: fc.Arbitrary<T>) =>
  arb.chain((sample) => {
    const where = places(sample);
    return where.length === 0 ? fc.constant(sample as unknown) : fc.tuple(fc.constantFrom(...where), wrong).map(([path, by]) => replaced(sample, path, by));
  });

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/**
 * A message as the schema judges its envelope: the body is judged with the bodies (the widget shows any it cannot draw
 * as unsupported), the sender with the senders (it is checked where it is drawn, and one it cannot read is drawn as none).
 */
const envelope = (m: unknown): unknown => (isPlain(m) ? { ...m, body: { kind: 'deleted' }, sender: undefined } : m);
const json = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
const RUNS = { numRuns: 400 };

/** What the widget draws of a body: the envelope check keeps it, and a rich kind passes its template's check too. */
// The kinds drawn without the templates' chunk (src/widget/templates/index.tsx).
const EAGER = new Set(['text', 'answer', 'postback', 'deleted', 'unsupported']);
const draws = (b: unknown): boolean => toBody(b) === b && (EAGER.has((b as Body).kind) || isRichBody(b as Body));

describe('the widget’s guards and the protocol’s schemas', () => {
  it('have a valid sample of every kind of body, which both accept', () => {
    for (const [kind, arb] of Object.entries(bodies)) {
      fc.assert(
        fc.property(arb, (b) => {
          expect(Body.safeParse(b).success, `schema, ${kind}: ${show(b)}`).toBe(true);
          expect(draws(b), `widget, ${kind}: ${show(b)}`).toBe(true);
        }),
        { numRuns: 50 },
      );
    }
  });

  it('agree on bodies with one field wrong, missing or of another kind', () => {
    fc.assert(
      fc.property(mutated(body), (b) => agree(Body, b, draws(b), lenientForBodies)),
      { numRuns: 10_000 },
    );
  });

  it('agree on message envelopes; a body the widget cannot draw (or none) is shown as unsupported, never drops its message', () => {
    fc.assert(
      fc.property(mutated(message()), (m) => {
        const kept = toMessage(m);
        agree(Message, envelope(m), kept !== undefined);
        if (kept) expect(kept.body).toEqual(toBody((m as { body?: unknown }).body));
      }),
      RUNS,
    );
  });

  it('agree on stream events; a conversation status the widget does not know reads as not resolved', () => {
    const events = {
      message: [Message, message()],
      status: [StatusEvent, fc.record({ deliveredSeq: count, readSeq: count }, { requiredKeys: ['deliveredSeq'] })],
      typing: [TypingEvent, fc.record({ on: fc.boolean() })],
      conversation: [ConversationEvent, fc.record({ status: fc.constantFrom('open', 'pending', 'resolved', 'snoozed') })],
    } as const;
    for (const [event, [schema, arb]] of Object.entries(events)) {
      fc.assert(
        fc.property(mutated(arb as fc.Arbitrary<unknown>), (sample) => {
          const data = json(sample);
          const got = toStreamEvent({ event, data: data === undefined ? '' : JSON.stringify(data), id: '' });
          const judged = event === 'message' ? envelope(data) : data;
          const anyStatus: Lenient = (issue) => event === 'conversation' && issue.code === 'invalid_value' && issue.path[0] === 'status';
          agree(schema, judged, got !== undefined, [anyStatus]);
        }),
        RUNS,
      );
    }
  });

  it('agree on sessions, sent messages and error bodies; a history page keeps its valid messages and drops the rest', () => {
    const session = fc.record({ token: word, visitorId: word, conversationId: word, expiresAt: word, resumed: fc.boolean() });
    fc.assert(
      fc.property(mutated(session), (s) => agree(SessionResponse, s, isSession(s))),
      RUNS,
    );

    const deleted = fc.constant({ kind: 'deleted' as const });
    const sent = fc.record({ message: message(deleted), duplicate: fc.boolean() });
    fc.assert(
      fc.property(mutated(sent), (s) => agree(SendResponse, isPlain(s) ? { ...s, message: envelope(s.message) } : s, toSendResponse(s) !== undefined)),
      RUNS,
    );

    const page = fc.record(
      { messages: fc.array(message(deleted), { maxLength: 3 }), deliveredSeq: count, readSeq: count, hasMore: fc.boolean() },
      { requiredKeys: ['messages', 'deliveredSeq', 'hasMore'] },
    );
    fc.assert(
      fc.property(mutated(page), (p) => {
        const got = toHistory(p);
        // The page as the schema sees it once the messages the widget drops are gone.
        const valid = isPlain(p) && Array.isArray(p.messages) ? p.messages.filter((m) => Message.safeParse(envelope(m)).success) : undefined;
        agree(HistoryResponse, valid ? { ...(p as object), messages: valid.map(envelope) } : p, got !== undefined);
        if (got) expect(got.messages).toEqual(valid!.map((m) => toMessage(m)));
      }),
      RUNS,
    );

    const error = fc.record({ error: fc.record({ code: word, message: text, issues: fc.array(text, { maxLength: 2 }) }, { requiredKeys: ['code', 'message'] }) });
    // The widget reads the code and the message only.
    const issuesUnread: Lenient = (issue) => issue.path[1] === 'issues';
    fc.assert(
      fc.property(mutated(error), (e) => agree(ApiError, e, toApiError(e) !== undefined, [issuesUnread])),
      RUNS,
    );
  });

  it('agree on senders, drawn only with a name and an http(s) avatar or none', () => {
    const sender = fc.record({ name: word, avatarUrl: url }, { requiredKeys: ['name'] });
    fc.assert(
      fc.property(fc.oneof(sender, mutated(sender)), (s) => {
        const got = toSender(s);
        agree(Sender, s, got !== undefined, [anyLength]);
        if (got && Sender.safeParse(s).success) expect(got).toEqual(Sender.parse(s));
      }),
      RUNS,
    );
  });

  it('agree on the inbox: its welcome and its working hours', () => {
    const minute = fc.integer({ min: 0, max: 1440 });
    const hours = fc.record({ timezone: word, windows: fc.array(fc.record({ day: fc.integer({ min: 0, max: 6 }), from: minute, to: minute }), { maxLength: 3 }) });
    const inbox = fc.record({ name: text, welcomeTitle: text, welcomeTagline: text, greeting: text, hours }, { requiredKeys: [] });
    fc.assert(
      fc.property(mutated(inbox), (i) => agree(InboxResponse, i, toInbox(i) !== undefined, [anyLength])),
      RUNS,
    );
  });

  it('agree on upload answers, the widget wanting an http(s) URL (the preview is drawn) and no more than it draws', () => {
    const upload = fc.record({ id: word, url, name: text, size: count, mime: text, kind: fc.constantFrom('image' as const, 'audio' as const, 'video' as const, 'file' as const) });
    fc.assert(
      fc.property(mutated(upload), (u) => {
        const unsafeUrl = isPlain(u) && !isHttpUrl(u.url);
        // Name, size and type are drawn when present: an answer without them is still shown.
        const optional: Lenient = (issue) => issue.code === 'invalid_type' && issue.input === undefined && ['name', 'size', 'mime'].includes(String(issue.path[0]));
        agree(UploadResponse, u, toUpload(u) !== undefined, [optional], unsafeUrl);
      }),
      RUNS,
    );
  });
});
