import type { Strings } from '../i18n/index.ts';
import type { Body } from '../protocol/index.ts';
import type { ChatItem } from '../state/transcript.ts';

/** What a screen reader hears for a reply: its text, or what kind of thing it is. */
export const spoken = (t: Strings, body: Body): string =>
  // Text, buttons, questions, article lists and answers lead with their text; a postback with its title.
  'text' in body
    ? body.text
    : 'title' in body
      ? body.title
      : 'summary' in body
        ? body.summary
        : 'url' in body
          ? body.name
            ? `${t[body.kind]}: ${body.name}`
            : t[body.kind]
          : body.kind === 'carousel'
            ? t.cards(body.items.length)
            : body.kind === 'deleted'
              ? t.deleted
              : t.cannotShow;

/**
 * The replies after `seen` (the key of the last item already looked at; '' for an empty transcript). None when
 * `seen` is gone (the transcript was replaced).
 */
export const newReplies = (items: ChatItem[], seen: string): ChatItem[] => {
  const from = seen ? items.findIndex((i) => i.key === seen) : -1;
  return seen && from < 0 ? [] : items.slice(from + 1).filter((i) => i.author !== 'visitor');
};
