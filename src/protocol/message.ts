import { z } from 'zod';
import { EMAIL_PATTERN } from './email.ts';
import { isHttpUrl } from './url.ts';

export const HttpUrl = z.string().max(4096).refine(isHttpUrl, 'must be an http(s) URL');

const Title = z.string().max(1000);

export const Button = z.discriminatedUnion('type', [
  z.object({ type: z.literal('postback'), title: Title, payload: z.string().max(4000) }),
  z.object({ type: z.literal('url'), title: Title, url: HttpUrl }),
]);
export type Button = z.infer<typeof Button>;

export const CarouselItem = z.object({
  title: Title,
  subtitle: Title.optional(),
  imageUrl: HttpUrl.optional(),
  itemUrl: HttpUrl.optional(),
  defaultAction: Button.optional(),
  buttons: z.array(Button).max(10),
});
export type CarouselItem = z.infer<typeof CarouselItem>;

const media = <K extends string>(kind: K) =>
  z.object({
    kind: z.literal(kind),
    url: HttpUrl,
    name: z.string().max(500).optional(),
    size: z.number().int().nonnegative().optional(),
    mime: z.string().max(200).optional(),
    /** Pixels, where the platform knows them (images, videos): the widget reserves the box before it loads. */
    width: z.number().int().positive().max(100_000).optional(),
    height: z.number().int().positive().max(100_000).optional(),
  });

export const MAX_TEXT = 20_000;

/** An option of a select question (Chatwoot `input_select`): shown by title, answered with title and value. */
export const Choice = z.object({ title: Title, value: z.string().max(1000) });
export type Choice = z.infer<typeof Choice>;

export const FormField = z.object({
  name: z.string().min(1).max(200),
  label: Title,
  type: z.enum(['text', 'textarea', 'email', 'select']),
  placeholder: Title.optional(),
  required: z.boolean().optional(),
  default: z.string().max(5000).optional(),
  /** A regular expression the whole value must match (the `pattern` attribute's rules). */
  pattern: z.string().max(500).optional(),
  patternError: Title.optional(),
  options: z
    .array(z.object({ label: Title, value: z.string().max(1000) }))
    .max(100)
    .optional(),
});
export type FormField = z.infer<typeof FormField>;

export const FieldValue = z.object({ name: z.string().min(1).max(200), value: z.string().max(5000) });
export type FieldValue = z.infer<typeof FieldValue>;

export const Rating = z.object({ rating: z.number().int().min(1).max(5), feedback: z.string().max(5000).optional() });
export type Rating = z.infer<typeof Rating>;

export const Email = z.string().max(320).regex(EMAIL_PATTERN, 'must be an email address');

/** What a visitor answered to a question, a form or a survey; the question's `answer` once answered. */
export const AnswerValues = z.discriminatedUnion('type', [
  z.object({ type: z.literal('select'), choices: z.array(Choice).min(1).max(50) }).strict(),
  z.object({ type: z.literal('form'), fields: z.array(FieldValue).max(30) }).strict(),
  z.object({ type: z.literal('email'), email: Email }).strict(),
  z.object({ type: z.literal('csat'), rating: Rating.shape.rating, feedback: Rating.shape.feedback }).strict(),
]);
export type AnswerValues = z.infer<typeof AnswerValues>;

export const Body = z.discriminatedUnion('kind', [
  // `markdown`: the platform's agents write Markdown (Chatwoot); the widget draws a safe subset of it, never HTML.
  z.object({ kind: z.literal('text'), text: z.string().min(1).max(MAX_TEXT), format: z.literal('markdown').optional() }),
  z.object({ kind: z.literal('buttons'), text: z.string().max(MAX_TEXT), buttons: z.array(Button).max(20) }),
  z.object({
    kind: z.literal('carousel'),
    ratio: z.enum(['horizontal', 'square']),
    items: z.array(CarouselItem).min(1).max(20),
  }),
  media('image'),
  media('audio'),
  media('video'),
  media('file'),
  z.object({ kind: z.literal('postback'), title: Title, payload: z.string().max(4000) }),
  // Questions the visitor answers once (Chatwoot's interactive messages); `answer` is set once answered.
  z.object({ kind: z.literal('select'), text: z.string().max(MAX_TEXT), options: z.array(Choice).min(1).max(50), answer: z.array(Choice).max(50).optional() }),
  z.object({
    kind: z.literal('form'),
    text: z.string().max(MAX_TEXT),
    fields: z.array(FormField).min(1).max(30),
    submitLabel: Title.optional(),
    answer: z.array(FieldValue).max(30).optional(),
  }),
  z.object({ kind: z.literal('email'), text: z.string().max(MAX_TEXT), answer: Email.optional() }),
  z.object({ kind: z.literal('csat'), text: z.string().max(MAX_TEXT), display: z.enum(['emoji', 'star']), answer: Rating.optional() }),
  z.object({
    kind: z.literal('articles'),
    text: z.string().max(MAX_TEXT),
    items: z
      .array(z.object({ title: Title, description: z.string().max(2000).optional(), url: HttpUrl }))
      .min(1)
      .max(20),
  }),
  // The visitor's answer to the question `to` (a message id), with a readable summary for the transcript.
  z.object({ kind: z.literal('answer'), to: z.string().max(100), text: z.string().min(1).max(MAX_TEXT), values: AnswerValues }),
  // A message the agent deleted after it was shown.
  z.object({ kind: z.literal('deleted') }),
  // Never drop what cannot be drawn: show a readable summary instead.
  z.object({ kind: z.literal('unsupported'), summary: z.string().max(2000) }),
]);
export type Body = z.infer<typeof Body>;
export type BodyKind = Body['kind'];

export const Author = z.enum(['visitor', 'bot', 'agent']);
export type Author = z.infer<typeof Author>;

/** Who wrote a bot's or an agent's message, where the platform says (Chatwoot: the agent's name and thumbnail). */
export const Sender = z.object({ name: z.string().trim().min(1).max(200), avatarUrl: HttpUrl.optional() });
export type Sender = z.infer<typeof Sender>;

export const Message = z.object({
  id: z.string(),
  /** Per-conversation, strictly increasing, assigned by the store; the SSE event id. */
  seq: z.number().int().positive(),
  conversationId: z.string(),
  author: Author,
  /** ISO 8601. */
  createdAt: z.string(),
  clientId: z.string().optional(),
  /** The platform's own number for it (Chatwoot's message id): orders replies written in the same instant. */
  order: z.number().int().nonnegative().optional(),
  /** This message is a new version of the message with this id (edited, deleted, answered): draw it in that place. */
  replaces: z.string().optional(),
  sender: Sender.optional(),
  body: Body,
});
export type Message = z.infer<typeof Message>;
