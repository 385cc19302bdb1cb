import { Email, type Body } from '../../../../src/protocol/index.ts';
import { asText, cap, isRecord } from '../../values.ts';

// Chatwoot's own readers for its untrusted JSON (the shared ones are in server/providers/values.ts): each answers
// undefined instead of throwing.

/** A trimmed, non-empty string. */
export const label = (value: unknown): string | undefined => asText(value)?.trim() || undefined;

export const email = (value: unknown): string | undefined => {
  const text = asText(value)?.trim();
  // The length first: the address pattern backtracks on long hostile strings.
  return text && text.length <= 320 && Email.safeParse(text).success ? text : undefined;
};

export const unsupported = (...lines: (string | undefined)[]): Body => ({ kind: 'unsupported', summary: cap(lines.filter(Boolean).join('\n'), 2000) });

/** `content_attributes.items` when it is a list; only its objects. */
export const items = (attributes: Record<string, unknown>): Record<string, unknown>[] => (Array.isArray(attributes['items']) ? attributes['items'].filter(isRecord) : []);

export const list = (values: (string | undefined)[]): string => values.filter(Boolean).join(', ');
