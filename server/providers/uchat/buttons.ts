import { isHttpUrl, type Button } from '../../../src/protocol/index.ts';
import { asText, isRecord } from '../values.ts';

const MAX_TITLE = 1000;
const MAX_PAYLOAD = 4000;
const MAX_URL = 4096;
/** Spellings of a "open this link" button across Messenger-style platforms. */
const URL_TYPES = new Set(['web_url', 'url', 'link']);

/**
 * One platform button as a Button the widget can trust, or undefined: only postbacks with a payload and
 * http(s) links survive; `javascript:`/`data:` URLs and unknown types never become clickable.
 */
export const toButton = (raw: unknown, fallbackTitle = ''): Button | undefined => {
  if (!isRecord(raw)) return undefined;
  const title = (asText(raw['title'])?.trim() || fallbackTitle).slice(0, MAX_TITLE);
  if (!title) return undefined;
  const type = asText(raw['type'])?.toLowerCase();
  if (type === 'postback') {
    const payload = asText(raw['payload']);
    return payload !== undefined && payload.length <= MAX_PAYLOAD ? { type: 'postback', title, payload } : undefined;
  }
  if (type !== undefined && URL_TYPES.has(type)) {
    const url = asText(raw['url'])?.trim();
    return url && url.length <= MAX_URL && isHttpUrl(url) ? { type: 'url', title, url } : undefined;
  }
  return undefined;
};

/**
 * The buttons we can draw, up to `max`; the titles of the others come back as `leftovers` so the caller can
 * still show them as plain text (fall back to the title, never drop the message: docs/platforms/uchat.md#pushes).
 */
export const toButtons = (raw: unknown, max: number): { buttons: Button[]; leftovers: string[] } => {
  const buttons: Button[] = [];
  const leftovers: string[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    const button = buttons.length < max ? toButton(item) : undefined;
    if (button) buttons.push(button);
    else {
      const title = isRecord(item) ? asText(item['title'])?.trim() : undefined;
      if (title) leftovers.push(title.slice(0, MAX_TITLE));
    }
  }
  return { buttons, leftovers };
};
