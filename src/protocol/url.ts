/**
 * Only http(s) URLs may become links, images or media; everything else is refused (relay) or drawn as text (widget).
 * Apart from the schemas so the widget can use it without bundling zod.
 */
export const isHttpUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};
