import { z } from 'zod';

/** Only http(s) URLs may become links, images or media; everything else is refused at the boundary. */
export const isHttpUrl = (value: string): boolean => {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};

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
  });

export const MAX_TEXT = 20_000;

export const Body = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().min(1).max(MAX_TEXT) }),
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
  // Never drop what cannot be drawn: show a readable summary instead.
  z.object({ kind: z.literal('unsupported'), summary: z.string().max(2000) }),
]);
export type Body = z.infer<typeof Body>;
export type BodyKind = Body['kind'];

export const Author = z.enum(['visitor', 'bot', 'agent']);
export type Author = z.infer<typeof Author>;

export const Message = z.object({
  id: z.string(),
  /** Per-conversation, strictly increasing, assigned by the store; the SSE event id. */
  seq: z.number().int().positive(),
  conversationId: z.string(),
  author: Author,
  /** ISO 8601. */
  createdAt: z.string(),
  clientId: z.string().optional(),
  body: Body,
});
export type Message = z.infer<typeof Message>;
