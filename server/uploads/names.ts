import type { AttachmentKind } from '../../src/protocol/index.ts';

export const MAX_NAME_LENGTH = 200;
export const DEFAULT_NAME = 'file';

// C0/C1 controls, and bidirectional overrides that can make "gpj.exe" read as "exe.jpg".
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it removes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A file name safe to store, show and send back in headers: the last path segment only, no control or bidi
 * characters, NFC, trimmed, at most 200 characters (the extension kept when shortened); "file" when nothing is left.
 */
export const sanitizeName = (raw: string | null | undefined): string => {
  const last = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = last.replace(/\s+/g, ' ').replace(UNSAFE, '').trim();
  if (cleaned === '' || /^\.+$/.test(cleaned)) return DEFAULT_NAME;
  return shorten(cleaned, MAX_NAME_LENGTH);
};

/** Cuts by code points (never half a surrogate pair), keeping a short extension. */
const shorten = (name: string, max: number): string => {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (extension.length > 1 && extension.length <= 16)
    return (
      chars
        .slice(0, max - extension.length)
        .join('')
        .trimEnd() + extension.join('')
    );
  return chars.slice(0, max).join('').trimEnd();
};

/** RFC 8187 value: UTF-8, percent-encoded beyond the attr-char set. */
const encodeExtValue = (value: string): string => encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Media are shown in place; anything else is a download, never rendered by the browser. */
export const contentDisposition = (kind: AttachmentKind, name: string): string => `${kind === 'file' ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeExtValue(name)}`;
