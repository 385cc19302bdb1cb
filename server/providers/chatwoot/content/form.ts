import type { Body, FieldValue, FormField } from '../../../../src/protocol/index.ts';
import { asText, cap, isRecord } from '../../values.ts';
import { items, label, list, unsupported } from './values.ts';

const MAX_FIELDS = 30;
const MAX_OPTIONS = 100;

// Chatwoot's form field types (docs/platforms/chatwoot.md#content); a type this list lacks is still answerable as a
// line of text.
const FIELD_TYPES = new Map<string, FormField['type']>([
  ['text', 'text'],
  ['text_area', 'textarea'],
  ['textarea', 'textarea'],
  ['email', 'email'],
  ['select', 'select'],
]);

/** A pattern is kept only when it compiles as a whole-value match; a broken one would block the form. */
const pattern = (value: unknown): string | undefined => {
  const source = asText(value);
  if (!source || source.length > 500) return undefined;
  for (const flags of ['v', 'u']) {
    try {
      new RegExp(`^(?:${source})$`, flags);
      return source;
    } catch {
      // try the next dialect
    }
  }
  return undefined;
};

type Option = NonNullable<FormField['options']>[number];

const option = (raw: unknown): Option | undefined => {
  if (!isRecord(raw)) return undefined;
  const value = asText(raw['value']) ?? label(raw['label']);
  const title = label(raw['label']) ?? label(raw['value']);
  return title && value !== undefined && value.length <= 1000 ? { label: cap(title, 1000), value } : undefined;
};

/** One field; undefined when it cannot be answered as given (no name, a select without usable options). */
const field = (raw: Record<string, unknown>): FormField | undefined => {
  const name = asText(raw['name'])?.trim();
  if (!name || name.length > 200) return undefined;
  const type = FIELD_TYPES.get(asText(raw['type'])?.toLowerCase() ?? 'text') ?? 'text';
  const result: FormField = { name, label: cap(label(raw['label']) ?? label(raw['title']) ?? name, 1000), type };
  const placeholder = label(raw['placeholder']);
  if (placeholder) result.placeholder = cap(placeholder, 1000);
  if (raw['required'] === true || raw['required'] === 'true') result.required = true;
  const fallback = asText(raw['default']);
  if (fallback !== undefined && fallback.length <= 5000) result.default = fallback;
  const regex = pattern(raw['pattern']);
  if (regex) {
    result.pattern = regex;
    const message = label(raw['pattern_error']);
    if (message) result.patternError = cap(message, 1000);
  }
  if (type === 'select') {
    const raws = Array.isArray(raw['options']) ? raw['options'] : [];
    const options = raws.map(option);
    if (options.length === 0 || options.length > MAX_OPTIONS || options.some((item) => item === undefined)) return undefined;
    result.options = options as Option[];
  }
  return result;
};

/** The visitor's answer: `[{name, value}]`; null when submitted but unreadable, undefined when not answered yet. */
const submitted = (attributes: Record<string, unknown>): FieldValue[] | null | undefined => {
  const values = attributes['submitted_values'];
  if (values === undefined || values === null || (Array.isArray(values) && values.length === 0)) return undefined;
  if (!Array.isArray(values) || values.length > MAX_FIELDS) return null;
  const answer = values.map((value): FieldValue | undefined => {
    if (!isRecord(value)) return undefined;
    const name = asText(value['name'])?.trim();
    const text = typeof value['value'] === 'boolean' ? String(value['value']) : (asText(value['value']) ?? (value['value'] == null ? '' : undefined));
    return name && name.length <= 200 && text !== undefined && text.length <= 5000 ? { name, value: text } : undefined;
  });
  return answer.some((value) => value === undefined) ? null : (answer as FieldValue[]);
};

const summary = (text: string, attributes: Record<string, unknown>): Body => {
  const labels = items(attributes).map((item) => label(item['label']) ?? label(item['title']) ?? label(item['name']));
  const values = Array.isArray(attributes['submitted_values']) ? attributes['submitted_values'].filter(isRecord) : [];
  const pair = (value: Record<string, unknown>) => {
    const [name, given] = [label(value['name']), label(value['value'])];
    return name && given ? `${name}: ${given}` : (given ?? name);
  };
  const answered = values.length > 0 ? `Answered: ${list(values.map(pair))}` : undefined;
  return unsupported(text, `A form: ${list(labels)}`, answered);
};

/**
 * `form` (docs/platforms/chatwoot.md#content): fields in order, the button's label, and what was submitted. A form that cannot be
 * answered exactly as Chatwoot asks (bad or duplicate fields, too many) becomes a readable summary.
 */
export const formBody = (text: string, attributes: Record<string, unknown>): Body => {
  const raws = Array.isArray(attributes['items']) ? attributes['items'] : [];
  const fields = raws.map((raw) => (isRecord(raw) ? field(raw) : undefined));
  const names = new Set(fields.map((item) => item?.name));
  const answer = submitted(attributes);
  if (fields.length === 0 || fields.length > MAX_FIELDS || names.has(undefined) || names.size !== fields.length || answer === null) {
    return summary(text, attributes);
  }
  const submitLabel = label(attributes['button_label']);
  return {
    kind: 'form',
    text,
    fields: fields as FormField[],
    ...(submitLabel ? { submitLabel: cap(submitLabel, 1000) } : {}),
    ...(answer ? { answer } : {}),
  };
};
