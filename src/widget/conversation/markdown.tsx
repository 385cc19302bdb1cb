import type { ComponentChild, VNode } from 'preact';
import { isHttpUrl } from '../../protocol/url.ts';
import { SafeLink } from '../templates/SafeLink.tsx';

// The Markdown agents write (Chatwoot's editor): **bold**, *italic* / _italic_, ~~strikethrough~~, `code`, fenced code
// blocks, - and 1. lists, [text](url), <url> and bare URLs, line breaks. Drawn as Preact nodes, never as HTML: anything
// else (headings, quotes, tables, images, raw HTML) stays literal text, and only http(s) URLs become links.
// Every scan only moves forward, so the work grows linearly with the text, however hostile it is.

/** Counts the characters looked at, so tests can hold the parser to linear time without timing it. */
export interface Steps {
  n: number;
}

/** Nesting deeper than this is left as text (each level looks at its text once more). */
const MAX_DEPTH = 4;

const EMPHASIS = [
  ['**', 'strong'],
  ['__', 'strong'],
  ['~~', 's'],
  ['*', 'em'],
  ['_', 'em'],
] as const;
const SPECIAL = new Set(['\\', '`', '*', '_', '~', '[', '<', 'h', 'H', '\n']);
const ESCAPABLE = new Set([...'\\`*_~[]()<>#+-.!|{}']);
// A bare URL ends before trailing punctuation, as in the plain text template.
const BARE_URL = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'}*_~]/iy;

const space = (c: string | undefined) => c === undefined || /\s/.test(c);
const word = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

interface Options {
  depth: number;
  /** Inside a link: no links within it. */
  linked: boolean;
  steps: Steps | undefined;
}

/** `text` with its inline Markdown as nodes. */
const inline = (text: string, { depth, linked, steps }: Options): ComponentChild[] => {
  if (depth > MAX_DEPTH) return [text];
  const out: ComponentChild[] = [];
  // The next index of a delimiter at or after a position. Positions asked only grow, so each delimiter's scans never
  // overlap; a delimiter with no closer left is remembered as dead, and its later openers are text at once.
  const found = new Map<string, [from: number, at: number]>();
  const next = (s: string, from: number): number => {
    const hit = found.get(s);
    if (hit && hit[0] <= from && (hit[1] === -1 || hit[1] >= from)) return hit[1];
    const at = text.indexOf(s, from);
    if (steps) steps.n += (at === -1 ? text.length : at) - from + 1;
    found.set(s, [from, at]);
    return at;
  };
  const dead = new Set<string>();
  const inner = (s: string) => inline(s, { depth: depth + 1, linked, steps });
  let start = 0;
  let i = 0;
  const flush = (node: ComponentChild, end: number) => {
    if (i > start) out.push(text.slice(start, i));
    out.push(node);
    i = start = end;
  };

  /** The closer of `d` opened at `i`: not after a space, and `_` not inside a word. */
  const closer = (d: string): number => {
    if (dead.has(d)) return -1;
    for (let j = next(d, i + d.length + 1); j !== -1; j = next(d, j + 1)) {
      if (steps) steps.n++;
      if (!space(text[j - 1]) && !(d[0] === '_' && word(text[j + d.length])) && !(d === '*' && text[j + 1] === '*')) return j;
    }
    dead.add(d);
    return -1;
  };

  while (i < text.length) {
    if (steps) steps.n++;
    const c = text[i]!;
    if (!SPECIAL.has(c)) {
      i++;
      continue;
    }
    if (c === '\\' && ESCAPABLE.has(text[i + 1] ?? '')) {
      // The escaped character is text: drop the backslash.
      if (i > start) out.push(text.slice(start, i));
      start = i + 1;
      i += 2;
      continue;
    }
    if (c === '\n') {
      flush(<br />, i + 1);
      continue;
    }
    if (c === '`') {
      let run = 1;
      while (text[i + run] === '`') run++;
      // `code` and ``code with a ` in it``; a longer run is text.
      const fence = run > 2 ? '' : '`'.repeat(run);
      const end = !fence || dead.has(fence) ? -1 : next(fence, i + run);
      if (end === -1) dead.add(fence);
      else if (text[end + run] !== '`') {
        flush(<code>{text.slice(i + run, end)}</code>, end + run);
        continue;
      }
      i += run;
      continue;
    }
    if (c === '[' && !linked && text[i - 1] !== '!') {
      const close = dead.has(']') ? -1 : next(']', i + 1);
      if (close === -1) dead.add(']');
      else if (text[close + 1] === '(') {
        const end = dead.has(')') ? -1 : next(')', close + 2);
        if (end === -1) dead.add(')');
        const url = end === -1 ? '' : text.slice(close + 2, end).trim();
        if (isHttpUrl(url) && !/\s/.test(url) && close > i + 1) {
          flush(<SafeLink href={url}>{inline(text.slice(i + 1, close), { depth: depth + 1, linked: true, steps })}</SafeLink>, end + 1);
          continue;
        }
      }
      i++;
      continue;
    }
    if (c === '<' && !linked && /^https?:\/\//i.test(text.slice(i + 1, i + 9))) {
      const end = next('>', i + 1);
      const url = end === -1 ? '' : text.slice(i + 1, end);
      if (isHttpUrl(url) && !/\s/.test(url)) {
        flush(<SafeLink href={url}>{url}</SafeLink>, end + 1);
        continue;
      }
      i++;
      continue;
    }
    if ((c === 'h' || c === 'H') && !linked && !word(text[i - 1])) {
      BARE_URL.lastIndex = i;
      const url = BARE_URL.exec(text)?.[0];
      if (url && isHttpUrl(url)) {
        if (steps) steps.n += url.length;
        flush(<SafeLink href={url}>{url}</SafeLink>, i + url.length);
        continue;
      }
      i++;
      continue;
    }
    const emphasis = EMPHASIS.find(([d]) => text.startsWith(d, i));
    if (emphasis && !space(text[i + emphasis[0].length]) && !(c === '_' && word(text[i - 1]))) {
      const [d, Tag] = emphasis;
      const end = closer(d);
      if (end !== -1) {
        flush(<Tag>{inner(text.slice(i + d.length, end))}</Tag>, end + d.length);
        continue;
      }
    }
    // A delimiter with no match is text; a run of it (`***`) is passed over at once.
    let run = 1;
    while (text[i + run] === c && c !== '[' && c !== '<') run++;
    i += run;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
};

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ITEM = /^ {0,3}([-*+]|(\d{1,9})[.)])[ \t]+(.*)$/;

/** The blocks of `text`: paragraphs, lists and code blocks, line by line. */
export const markdown = (text: string, steps?: Steps): VNode[] => {
  const lines = text.split(/\r?\n/);
  const options: Options = { depth: 0, linked: false, steps };
  // Each line is matched against the block patterns a fixed number of times.
  if (steps) steps.n += text.length;
  const out: VNode[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = FENCE.exec(line)?.[1];
    if (fence) {
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.trimStart().startsWith(fence); i++) code.push(lines[i]!);
      i++;
      out.push(
        <pre dir="ltr">
          <code>{code.join('\n')}</code>
        </pre>,
      );
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      const ordered = item[2] !== undefined;
      const items: string[] = [];
      // An item runs on over indented lines; the list ends at a blank line or another kind of line.
      for (let m: RegExpExecArray | null = item; i < lines.length; ) {
        if (m && (m[2] !== undefined) === ordered) items.push(m[3]!);
        else if (items.length && /^\s+\S/.test(lines[i]!) && !m) items[items.length - 1] += `\n${lines[i]!.trim()}`;
        else break;
        m = ITEM.exec(lines[++i] ?? '');
      }
      const children = items.map((content) => <li dir="auto">{inline(content, options)}</li>);
      const first = Number(item[2]);
      out.push(ordered ? <ol start={first === 1 ? undefined : first}>{children}</ol> : <ul>{children}</ul>);
      continue;
    }
    if (!line.trim()) {
      i++;
      continue;
    }
    const paragraph: string[] = [];
    for (; i < lines.length && lines[i]!.trim() && !FENCE.test(lines[i]!) && !ITEM.test(lines[i]!); i++) paragraph.push(lines[i]!);
    out.push(<p dir="auto">{inline(paragraph.join('\n'), options)}</p>);
  }
  return out;
};

/** A Markdown message (Chatwoot's agents, or a site that turned Markdown on for its bot). */
export const Markdown = ({ text }: { text: string }) => <div data-chatport="markdown">{markdown(text)}</div>;
