import { z } from 'zod';
import { isHttpUrl, MAX_TEXT, type Body, type CarouselItem } from '../../../src/protocol/index.ts';
import type { InboundMessage } from '../types.ts';
import { asText, cap, httpUrl, isRecord } from '../values.ts';
import { toButton, toButtons } from './buttons.ts';

/** Only the routing fields are strict: content that cannot be drawn becomes `unsupported`, never a 400. */
const Push = z
  .looseObject({
    sender_id: z.union([z.string().trim().min(1).max(256), z.number().int().transform(String)]).nullish(),
    conv_id: z
      .union([
        z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
        z
          .string()
          .trim()
          .regex(/^\d{1,15}$/)
          .transform(Number),
      ])
      .nullish(),
  })
  .refine((push) => push.sender_id != null || push.conv_id != null, { message: 'a push needs sender_id or conv_id to find its visitor' });
type Push = z.infer<typeof Push>;

export type ParseResult = { ok: true; messages: InboundMessage[] } | { ok: false; reason: string };

/** An authentic push as messages for the visitor. Never throws; a malformed body comes back with a reason. */
export const parsePush = (raw: Buffer | string): ParseResult => {
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return { ok: false, reason: 'body is not valid JSON' };
  }
  if (!isRecord(value)) return { ok: false, reason: 'body must be a JSON object' };
  const result = Push.safeParse(value);
  if (!result.success) {
    return { ok: false, reason: result.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ') };
  }
  const push = result.data;
  // An internal note, or the visitor's own message echoed back: neither is shown as a bot message.
  if (isPrivate(push['private']) || asText(push['message_type']) === 'incoming') return { ok: true, messages: [] };
  const route = {
    ...(push.sender_id != null ? { visitorId: push.sender_id } : {}),
    ...(push.conv_id != null ? { conversationNumber: push.conv_id } : {}),
  };
  return { ok: true, messages: toBodies(push).map((body) => ({ ...route, author: 'bot' as const, body })) };
};

const isPrivate = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 'true';

const unsupported = (what: string, text?: string): Body => ({
  kind: 'unsupported',
  summary: cap(text ? `${what}: ${text}` : what, 2000),
});

const MEDIA = { image: 'An image', audio: 'An audio clip', video: 'A video', file: 'A file' } as const;
type MediaKind = keyof typeof MEDIA;

const toBodies = (push: Push): Body[] => {
  const rawText = asText(push['text']);
  const text = rawText?.trim() ? cap(rawText, MAX_TEXT) : undefined;
  const contentType = asText(push['content_type'])?.toLowerCase() || 'text';
  const attributes = isRecord(push['content_attributes']) ? push['content_attributes'] : {};
  if (contentType === 'button_template') return [buttonTemplate(attributes, text)];
  if (contentType === 'generic_template') return [carousel(attributes, text)];
  if (contentType !== 'text') return [unsupported(`A message this chat cannot show (${cap(contentType, 60)})`, text)];

  const type = asText(push['type'])?.toLowerCase() ?? 'text';
  if (type === 'text') return text ? [{ kind: 'text', text }] : [];
  if (Object.hasOwn(MEDIA, type)) {
    const caption: Body[] = text ? [{ kind: 'text', text }] : [];
    return [media(type as MediaKind, asText(push['url'])?.trim()), ...caption];
  }
  return [unsupported(`A message this chat cannot show (${cap(type, 60)})`, text)];
};

const media = (kind: MediaKind, url: string | undefined): Body => {
  if (!url || url.length > 4096 || !isHttpUrl(url)) return unsupported(`${MEDIA[kind]} that this chat cannot show (no http(s) URL)`);
  const name = fileName(url);
  return { kind, url, ...(name ? { name } : {}) };
};

/** The URL's last path segment, decoded when possible. */
export const fileName = (url: string): string | undefined => {
  const segment = new URL(url).pathname.split('/').pop() ?? '';
  let name = segment;
  try {
    name = decodeURIComponent(segment);
  } catch {
    // keep the encoded form
  }
  return name.trim() ? cap(name.trim(), 500) : undefined;
};

const buttonTemplate = (attributes: Record<string, unknown>, fallback: string | undefined): Body => {
  const own = asText(attributes['text']);
  const { buttons, leftovers } = toButtons(attributes['buttons'], 20);
  const text = cap([own?.trim() ? own : fallback, ...leftovers].filter(Boolean).join('\n'), MAX_TEXT);
  if (buttons.length > 0) return { kind: 'buttons', text, buttons };
  return text ? { kind: 'text', text } : unsupported('A button message with nothing to show');
};

const carousel = (attributes: Record<string, unknown>, text: string | undefined): Body => {
  const raw = Array.isArray(attributes['items']) ? attributes['items'] : [];
  const items = raw
    .map(card)
    .filter((item): item is CarouselItem => item !== undefined)
    .slice(0, 20);
  if (items.length === 0) return unsupported('Cards that this chat cannot show', text);
  return { kind: 'carousel', ratio: attributes['ratio'] === 'square' ? 'square' : 'horizontal', items };
};

const card = (raw: unknown): CarouselItem | undefined => {
  if (!isRecord(raw)) return undefined;
  const title = cap(asText(raw['title'])?.trim() ?? '', 1000);
  const { buttons, leftovers } = toButtons(raw['buttons'], 10);
  const subtitle = cap([asText(raw['subtitle'])?.trim(), ...leftovers].filter(Boolean).join('\n'), 1000);
  const imageUrl = httpUrl(raw['image_url']);
  const itemUrl = httpUrl(raw['item_url']);
  const defaultAction = toButton(raw['default_action'], title || 'Open');
  if (!title && !subtitle && !imageUrl && buttons.length === 0) return undefined;
  return {
    title,
    ...(subtitle ? { subtitle } : {}),
    ...(imageUrl ? { imageUrl } : {}),
    ...(itemUrl ? { itemUrl } : {}),
    ...(defaultAction ? { defaultAction } : {}),
    buttons,
  };
};
