import { parseHop } from './address.ts';

/** X-Forwarded-For's hops, client first; undefined where an entry is not an address. */
export const xForwardedFor = (header: string): (string | undefined)[] => header.split(',').map(parseHop);

/** Splits on `separator` outside double quotes (a quoted-string may hold `,` or `;`). */
const splitOutsideQuotes = (text: string, separator: string): string[] => {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted && char === '\\') {
      current += char + (text[++i] ?? '');
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
};

const unquote = (value: string): string | undefined => {
  if (!value.startsWith('"')) return /^[!#$%&'*+.^_`|~0-9A-Za-z:[\]-]+$/.test(value) ? value : undefined;
  if (value.length < 2 || !value.endsWith('"')) return undefined;
  return value.slice(1, -1).replace(/\\(.)/g, '$1');
};

/** The `for=` address of one Forwarded element; undefined when missing, repeated, `unknown` or an obfuscated id. */
const forOf = (element: string): string | undefined => {
  const values = splitOutsideQuotes(element, ';')
    .map((pair) => pair.trim())
    .filter((pair) => /^for=/i.test(pair))
    .map((pair) => unquote(pair.slice(4).trim()));
  if (values.length !== 1 || values[0] === undefined) return undefined;
  return parseHop(values[0]);
};

/**
 * RFC 7239 `Forwarded`'s `for=` hops, client first: `for=192.0.2.60;proto=https, for="[2001:db8::1]:4711"`.
 * `unknown` and obfuscated ids (`_hidden`) are not addresses, so they come back undefined like malformed ones.
 */
export const forwardedFor = (header: string): (string | undefined)[] => splitOutsideQuotes(header, ',').map(forOf);
