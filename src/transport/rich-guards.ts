import type { Body, Button, CarouselItem, Choice, FieldValue, FormField } from '../protocol/index.ts';
import { EMAIL_PATTERN } from '../protocol/email.ts';
import { isHttpUrl } from '../protocol/url.ts';
import { every, isCount, isObject, isStr, optStr, optUrl } from './guards.ts';

const isButton = (b: unknown): b is Button => isObject(b) && isStr(b.title) && (b.type === 'postback' ? isStr(b.payload) : b.type === 'url' && isHttpUrl(b.url));

const isItem = (i: unknown): i is CarouselItem =>
  isObject(i) &&
  isStr(i.title) &&
  optStr(i.subtitle) &&
  optUrl(i.imageUrl) &&
  optUrl(i.itemUrl) &&
  (i.defaultAction === undefined || isButton(i.defaultAction)) &&
  every(i.buttons, isButton);

const isChoice = (c: unknown): c is Choice => isObject(c) && isStr(c.title) && isStr(c.value);
const isOption = (o: unknown): o is { label: string; value: string } => isObject(o) && isStr(o.label) && isStr(o.value);
const isFieldValue = (f: unknown): f is FieldValue => isObject(f) && isStr(f.name) && f.name !== '' && isStr(f.value);
const FIELD_TYPES: readonly unknown[] = ['text', 'textarea', 'email', 'select'] satisfies FormField['type'][];
const isField = (f: unknown): f is FormField =>
  isObject(f) &&
  isStr(f.name) &&
  f.name !== '' &&
  isStr(f.label) &&
  FIELD_TYPES.includes(f.type) &&
  optStr(f.placeholder) &&
  (f.required === undefined || typeof f.required === 'boolean') &&
  optStr(f.default) &&
  optStr(f.pattern) &&
  optStr(f.patternError) &&
  (f.options === undefined || every(f.options, isOption));
const isRating = (r: unknown): boolean => isObject(r) && isCount(r.rating) && r.rating >= 1 && r.rating <= 5 && optStr(r.feedback);
const isArticle = (a: unknown): a is { title: string; url: string } => isObject(a) && isStr(a.title) && optStr(a.description) && isHttpUrl(a.url);
/** A list with at least one entry, every one of the expected shape. */
const some = <T>(v: unknown, check: (item: unknown) => item is T): v is T[] => every(v, check) && v.length > 0;
const optList = <T>(v: unknown, check: (item: unknown) => item is T): boolean => v === undefined || every(v, check);
/** Pixels: a whole number above 0, when given. */
const optPixels = (v: unknown): boolean => v === undefined || (isCount(v) && v > 0);

/** A rich body (buttons, carousel, media, questions, articles) is drawn only when every field is what its template expects. */
export const isRichBody = (b: Body | Record<string, unknown>): boolean => {
  const v = b as Record<string, unknown>;
  switch (v.kind) {
    case 'buttons':
      return isStr(v.text) && every(v.buttons, isButton);
    case 'carousel':
      return (v.ratio === 'horizontal' || v.ratio === 'square') && some(v.items, isItem);
    case 'image':
    case 'audio':
    case 'video':
    case 'file':
      return isHttpUrl(v.url) && optStr(v.name) && (v.size === undefined || isCount(v.size)) && optStr(v.mime) && optPixels(v.width) && optPixels(v.height);
    case 'select':
      return isStr(v.text) && some(v.options, isChoice) && optList(v.answer, isChoice);
    case 'form':
      return isStr(v.text) && some(v.fields, isField) && optStr(v.submitLabel) && optList(v.answer, isFieldValue);
    case 'email':
      return isStr(v.text) && (v.answer === undefined || (isStr(v.answer) && EMAIL_PATTERN.test(v.answer)));
    case 'csat':
      return isStr(v.text) && (v.display === 'emoji' || v.display === 'star') && (v.answer === undefined || isRating(v.answer));
    case 'articles':
      return isStr(v.text) && some(v.items, isArticle);
  }
  return false;
};
