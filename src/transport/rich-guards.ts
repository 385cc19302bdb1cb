import type { Body, Button, CarouselItem } from '../protocol/index.ts';
import { every, isCount, isHttpUrl, isObject, isStr, optStr, optUrl } from './guards.ts';

export const isButton = (b: unknown): b is Button =>
  isObject(b) && isStr(b.title) && (b.type === 'postback' ? isStr(b.payload) : b.type === 'url' && isHttpUrl(b.url));

const isItem = (i: unknown): i is CarouselItem =>
  isObject(i) && isStr(i.title) && optStr(i.subtitle) && optUrl(i.imageUrl) && optUrl(i.itemUrl) && (i.defaultAction === undefined || isButton(i.defaultAction)) && every(i.buttons, isButton);

/** A rich body (buttons, carousel, media) is drawn only when every field is what its template expects. */
export const isRichBody = (b: Body | Record<string, unknown>): boolean => {
  const v = b as Record<string, unknown>;
  switch (v.kind) {
    case 'buttons':
      return isStr(v.text) && every(v.buttons, isButton);
    case 'carousel':
      return (v.ratio === 'horizontal' || v.ratio === 'square') && every(v.items, isItem) && v.items.length > 0;
    case 'image':
    case 'audio':
    case 'video':
    case 'file':
      return isHttpUrl(v.url) && optStr(v.name) && (v.size === undefined || isCount(v.size)) && optStr(v.mime);
  }
  return false;
};
