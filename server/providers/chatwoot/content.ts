import { isHttpUrl, MAX_TEXT, type Body, type Button, type CarouselItem } from '../../../src/protocol/index.ts';

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

/** Truncates without splitting a surrogate pair. */
const cap = (text: string, max: number): string => {
  if (text.length <= max) return text;
  return text.slice(0, /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max);
};
const httpUrl = (value: unknown): string | undefined => {
  const url = str(value)?.trim();
  return url && url.length <= 4096 && isHttpUrl(url) ? url : undefined;
};
const unsupported = (...lines: (string | undefined)[]): Body => ({ kind: 'unsupported', summary: cap(lines.filter(Boolean).join('\n'), 2000) });
const items = (attributes: Record<string, unknown>): Record<string, unknown>[] =>
  Array.isArray(attributes['items']) ? attributes['items'].filter(isRecord) : [];

const MEDIA = { image: 'An image', audio: 'An audio clip', video: 'A video', file: 'A file' } as const;
type MediaKind = keyof typeof MEDIA;

/** One attachment by its file_type; location and unknown types become a readable summary. */
const attachment = (raw: Record<string, unknown>): Body => {
  const type = str(raw['file_type'])?.toLowerCase() ?? 'file';
  if (type === 'location') {
    const lat = str(raw['coordinates_lat']);
    const long = str(raw['coordinates_long']);
    return unsupported(`A location${str(raw['fallback_title']) ? `: ${str(raw['fallback_title'])}` : ''}`, lat && long ? `${lat}, ${long}` : undefined);
  }
  const url = httpUrl(raw['data_url']);
  if (!Object.hasOwn(MEDIA, type)) return unsupported(`An attachment this chat cannot show (${cap(type, 60)})`, url);
  const kind = type as MediaKind;
  if (!url) return unsupported(`${MEDIA[kind]} that this chat cannot show (no http(s) URL)`);
  const size = raw['file_size'];
  const mime = str(raw['content_type']);
  const name = str(raw['fallback_title']) ?? fileName(url, str(raw['extension']));
  return {
    kind,
    url,
    ...(name ? { name: cap(name, 500) } : {}),
    ...(typeof size === 'number' && Number.isInteger(size) && size >= 0 ? { size } : {}),
    ...(mime ? { mime: cap(mime, 200) } : {}),
  };
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
  const title = cap(str(raw['text'])?.trim() ?? '', 1000);
  if (!title) return undefined;
  if (raw['type'] === 'link') {
    const url = httpUrl(raw['uri']);
    return url ? { type: 'url', title, url } : undefined;
  }
  const payload = str(raw['payload']);
  return raw['type'] === 'postback' && payload !== undefined && payload.length <= 4000 ? { type: 'postback', title, payload } : undefined;
};

const card = (raw: Record<string, unknown>): CarouselItem | undefined => {
  const title = cap(str(raw['title'])?.trim() ?? '', 1000);
  const subtitle = cap(str(raw['description'])?.trim() ?? '', 1000);
  const imageUrl = httpUrl(raw['media_url']);
  const actions = Array.isArray(raw['actions']) ? raw['actions'].filter(isRecord) : [];
  const buttons = actions.map(action).filter((button): button is Button => button !== undefined).slice(0, 10);
  if (!title && !subtitle && !imageUrl && buttons.length === 0) return undefined;
  return { title, ...(subtitle ? { subtitle } : {}), ...(imageUrl ? { imageUrl } : {}), buttons };
};

const list = (values: (string | undefined)[]): string => values.filter(Boolean).join(', ');

/** What the visitor already answered (after message_updated), for the summaries. */
const answered = (attributes: Record<string, unknown>): string | undefined => {
  const values = attributes['submitted_values'];
  if (Array.isArray(values)) return `Answered: ${list(values.filter(isRecord).map((value) => str(value['title']) ?? str(value['value'])))}`;
  if (isRecord(values) && isRecord(values['csat_survey_response'])) return `Rated: ${str(values['csat_survey_response']['rating']) ?? '?'}`;
  return str(attributes['submitted_email']) ? `Answered: ${str(attributes['submitted_email'])}` : undefined;
};

/**
 * A Chatwoot message's content as Bodies: text, then its attachments. Interactive types the widget cannot draw yet
 * (input_select, form, article, input_email, input_csat, …) become a readable summary, never nothing.
 */
export const toBodies = (raw: Record<string, unknown>): Body[] => {
  const content = str(raw['content']);
  const text = content?.trim() ? cap(content, MAX_TEXT) : undefined;
  const type = str(raw['content_type'])?.toLowerCase() || 'text';
  const attributes = isRecord(raw['content_attributes']) ? raw['content_attributes'] : {};
  const files = (Array.isArray(raw['attachments']) ? raw['attachments'].filter(isRecord) : []).map(attachment);
  const lead: Body[] = text ? [{ kind: 'text', text }] : [];
  switch (type) {
    case 'text':
    case 'input_text':
    case 'input_textarea':
    case 'incoming_email':
      return [...lead, ...files];
    case 'cards': {
      const cards = items(attributes).map(card).filter((item): item is CarouselItem => item !== undefined).slice(0, 20);
      if (cards.length === 0) return [...lead, unsupported('Cards that this chat cannot show'), ...files];
      return [...lead, { kind: 'carousel', ratio: 'horizontal', items: cards }, ...files];
    }
    case 'input_select':
      return [unsupported(text, `Options: ${list(items(attributes).map((item) => str(item['title'])))}`, answered(attributes)), ...files];
    case 'form':
      return [unsupported(text, `A form: ${list(items(attributes).map((item) => str(item['label']) ?? str(item['name'])))}`, answered(attributes)), ...files];
    case 'article':
      return [unsupported(text, ...items(attributes).map((item) => list([str(item['title']), httpUrl(item['link'])]))), ...files];
    case 'input_email':
      return [unsupported(text, 'Asks for your email address', answered(attributes)), ...files];
    case 'input_csat':
      // On API inboxes the content already ends with the survey page's link.
      return [unsupported(text ?? 'Please rate this conversation', answered(attributes)), ...files];
    default:
      return [unsupported(`A message this chat cannot show (${cap(type, 60)})`, text), ...files];
  }
};
