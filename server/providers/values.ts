import { isHttpUrl } from '../../src/protocol/index.ts';

// Small readers for a platform's untrusted JSON: each answers undefined (or a safe value) instead of throwing.

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string, or a number written as one (PHP and Rails send numbers where strings are expected); nothing else. */
export const asText = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined);

/** Truncates without splitting a surrogate pair. */
export const cap = (text: string, max: number): string => {
  if (text.length <= max) return text;
  return text.slice(0, /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max);
};

/** An http(s) URL of at most 4096 characters, trimmed; anything else (javascript:, data:, junk) is undefined. */
export const httpUrl = (value: unknown): string | undefined => {
  const url = asText(value)?.trim();
  return url && url.length <= 4096 && isHttpUrl(url) ? url : undefined;
};
