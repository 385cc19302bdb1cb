import type { ComponentChild } from 'preact';
import { SafeLink } from './SafeLink.tsx';

export interface TextProps {
  text: string;
}

// http(s) URLs in the text become links; trailing punctuation stays text ("see https://x.test/a.").
const URLS = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'}]/g;

/** Plain text as text nodes (never HTML); newlines are kept by `white-space: pre-wrap`. */
export const Text = ({ text }: TextProps) => {
  const parts: ComponentChild[] = [];
  let from = 0;
  for (const match of text.matchAll(URLS)) {
    parts.push(text.slice(from, match.index), <SafeLink href={match[0]}>{match[0]}</SafeLink>);
    from = match.index + match[0].length;
  }
  parts.push(text.slice(from));
  // dir="auto": the text runs in its own direction, whatever the widget's (English in an Arabic panel, Hebrew in an English one).
  return (
    <p data-chatport="text" dir="auto">
      {parts}
    </p>
  );
};
