import { Email, isHttpUrl, type Body } from '../../../../src/protocol/index.ts';

// Small readers for untrusted Chatwoot JSON: each answers undefined instead of throwing.

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string, or a number written as one (Chatwoot stores some values as numbers). */
export const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;

/** A trimmed, non-empty string. */
export const label = (value: unknown): string | undefined => str(value)?.trim() || undefined;

/** Truncates without splitting a surrogate pair. */
export const cap = (text: string, max: number): string => {
  if (text.length <= max) return text;
  return text.slice(0, /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max);
};

export const httpUrl = (value: unknown): string | undefined => {
  const url = str(value)?.trim();
  return url && url.length <= 4096 && isHttpUrl(url) ? url : undefined;
};

export const email = (value: unknown): string | undefined => {
  const text = str(value)?.trim();
  // The length first: the address pattern backtracks on long hostile strings.
  return text && text.length <= 320 && Email.safeParse(text).success ? text : undefined;
};

export const unsupported = (...lines: (string | undefined)[]): Body => ({ kind: 'unsupported', summary: cap(lines.filter(Boolean).join('\n'), 2000) });

/** `content_attributes.items` when it is a list; only its objects. */
export const items = (attributes: Record<string, unknown>): Record<string, unknown>[] =>
  Array.isArray(attributes['items']) ? attributes['items'].filter(isRecord) : [];

export const list = (values: (string | undefined)[]): string => values.filter(Boolean).join(', ');
