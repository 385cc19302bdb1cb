import { Body, MAX_TEXT, type Button, type CarouselItem } from '../../../../src/protocol/index.ts';
import { formBody } from './form.ts';
import { articlesBody, csatBody, emailBody, integrationSummary, selectBody } from './interactive.ts';
import { asText, cap, httpUrl, isRecord } from '../../values.ts';
import { items, unsupported } from './values.ts';

const MEDIA = { image: 'An image', audio: 'An audio clip', video: 'A video', file: 'A file' } as const;
type MediaKind = keyof typeof MEDIA;

/** One attachment by its file_type; location and unknown types become a readable summary. */
const attachment = (raw: Record<string, unknown>): Body => {
  const type = asText(raw['file_type'])?.toLowerCase() ?? 'file';
  if (type === 'location') {
    const lat = asText(raw['coordinates_lat']);
    const long = asText(raw['coordinates_long']);
    return unsupported(`A location${asText(raw['fallback_title']) ? `: ${asText(raw['fallback_title'])}` : ''}`, lat && long ? `${lat}, ${long}` : undefined);
  }
  const url = httpUrl(raw['data_url']);
  if (!Object.hasOwn(MEDIA, type)) return unsupported(`An attachment this chat cannot show (${cap(type, 60)})`, url);
  const kind = type as MediaKind;
  if (!url) return unsupported(`${MEDIA[kind]} that this chat cannot show (no http(s) URL)`);
  const size = raw['file_size'];
  const mime = asText(raw['content_type']);
  const name = asText(raw['fallback_title']) ?? fileName(url, asText(raw['extension']));
  return {
    kind,
    url,
    ...(name ? { name: cap(name, 500) } : {}),
    ...(typeof size === 'number' && Number.isInteger(size) && size >= 0 ? { size } : {}),
    ...(mime ? { mime: cap(mime, 200) } : {}),
    ...pixels(raw['width'], raw['height']),
  };
};

/** An image's or video's size, where Chatwoot measured it: both sides, whole and positive, or neither. */
const pixels = (width: unknown, height: unknown): { width?: number; height?: number } => {
  const side = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 100_000 ? v : undefined);
  const [w, h] = [side(width), side(height)];
  return w && h ? { width: w, height: h } : {};
};

const fileName = (url: string, extension: string | undefined): string | undefined => {
  const segment = new URL(url).pathname.split('/').pop() ?? '';
  try {
    const name = decodeURIComponent(segment).trim();
    if (name) return name;
  } catch {
    // keep going
  }
  return extension ? `file.${extension}` : undefined;
};

/** A cards action: link → url button, postback → postback button; anything else is dropped. */
const action = (raw: Record<string, unknown>): Button | undefined => {
  const title = cap(asText(raw['text'])?.trim() ?? '', 1000);
  if (!title) return undefined;
  if (raw['type'] === 'link') {
    const url = httpUrl(raw['uri']);
    return url ? { type: 'url', title, url } : undefined;
  }
  const payload = asText(raw['payload']);
  return raw['type'] === 'postback' && payload !== undefined && payload.length <= 4000 ? { type: 'postback', title, payload } : undefined;
};

const card = (raw: Record<string, unknown>): CarouselItem | undefined => {
  const title = cap(asText(raw['title'])?.trim() ?? '', 1000);
  const subtitle = cap(asText(raw['description'])?.trim() ?? '', 1000);
  const imageUrl = httpUrl(raw['media_url']);
  const actions = Array.isArray(raw['actions']) ? raw['actions'].filter(isRecord) : [];
  const buttons = actions
    .map(action)
    .filter((button): button is Button => button !== undefined)
    .slice(0, 10);
  if (!title && !subtitle && !imageUrl && buttons.length === 0) return undefined;
  return { title, ...(subtitle ? { subtitle } : {}), ...(imageUrl ? { imageUrl } : {}), buttons };
};

/** A last check: whatever slipped through still reaches the visitor as a readable line, never as an invalid Body. */
const checked = (body: Body, type: string): Body => (Body.safeParse(body).success ? body : unsupported(`A message this chat cannot show (${cap(type, 60)})`));

/**
 * A Chatwoot message's content as Bodies: the message itself (text, a question, a form, cards…), then its
 * attachments. A deleted message is only `deleted`. Never throws; what cannot be drawn becomes a readable summary.
 */
export const toBodies = (raw: Record<string, unknown>): Body[] => {
  const content = asText(raw['content']);
  const text = content?.trim() ? cap(content, MAX_TEXT) : undefined;
  const type = asText(raw['content_type'])?.toLowerCase() || 'text';
  const attributes = isRecord(raw['content_attributes']) ? raw['content_attributes'] : {};
  // Upstream turns a deleted message into text "This message was deleted" with `deleted: true`
  // (docs/platforms/chatwoot.md#content).
  if (attributes['deleted'] === true) return [{ kind: 'deleted' }];
  const files = (Array.isArray(raw['attachments']) ? raw['attachments'].filter(isRecord) : []).map(attachment);
  // Agents write Markdown (docs/platforms/chatwoot.md#content): the widget draws its safe subset; an email stays plain.
  const lead: Body[] = text ? [type === 'incoming_email' ? { kind: 'text', text } : { kind: 'text', text, format: 'markdown' }] : [];
  return bodies(type, text, attributes, lead, files).map((body) => checked(body, type));
};

const bodies = (type: string, text: string | undefined, attributes: Record<string, unknown>, lead: Body[], files: Body[]): Body[] => {
  switch (type) {
    case 'text':
    case 'incoming_email':
      return [...lead, ...files];
    case 'input_text':
    case 'input_textarea':
      // A free-text question is answered by the visitor's next message: its question is plain text.
      return lead.length + files.length > 0 ? [...lead, ...files] : [unsupported('A question this chat cannot show')];
    case 'cards': {
      const cards = items(attributes)
        .map(card)
        .filter((item): item is CarouselItem => item !== undefined)
        .slice(0, 20);
      if (cards.length === 0) return [...lead, unsupported('Cards that this chat cannot show'), ...files];
      return [...lead, { kind: 'carousel', ratio: 'horizontal', items: cards }, ...files];
    }
    case 'input_select':
      return [selectBody(text ?? '', attributes), ...files];
    case 'form':
      return [formBody(text ?? '', attributes), ...files];
    case 'article':
      return [articlesBody(text ?? '', attributes), ...files];
    case 'input_email':
      return [emailBody(text ?? '', attributes), ...files];
    case 'input_csat':
      return [csatBody(text ?? '', attributes), ...files];
    case 'integrations':
      return [integrationSummary(text ?? '', attributes), ...files];
    default:
      return [unsupported(`A message this chat cannot show (${cap(type, 60)})`, text), ...files];
  }
};
