import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useStrings } from '../i18n/index.ts';
import type { ChatItem } from '../state/transcript.ts';
import { newReplies, spoken } from './announce.ts';
import { MessageRow } from './MessageRow.tsx';

export interface MessageListProps {
  items: ChatItem[];
  hasMore: boolean;
  loadingOlder: boolean;
  typing: boolean;
  /** The conversation was resolved: a quiet notice closes the log until the visitor writes again. */
  resolved?: boolean;
  onRetry: (clientId: string) => void;
  onLoadOlder: () => void;
  /** The live connection is up: replies arriving now are announced (history pages are not). */
  live?: boolean;
  /** The connection is down: pending messages are queued until it is back. */
  waiting?: boolean;
}

/**
 * The transcript as a log (bot left, visitor right). Stays scrolled to the newest message unless the visitor
 * scrolled up to read; keeps its place when older messages are put on top. Screen readers hear each new reply once
 * through a polite region of its own, not every re-render of the log.
 */
export const MessageList = ({ items, hasMore, loadingOlder, typing, resolved, onRetry, onLoadOlder, live = true, waiting = false }: MessageListProps) => {
  const t = useStrings();
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const last = useRef({ first: '', height: 0 });
  const seen = useRef<string>();
  const [said, setSaid] = useState('');

  useLayoutEffect(() => {
    const end = items.at(-1)?.key ?? '';
    // The first render shows what was there already; after that, replies that arrive live are read out.
    if (seen.current !== undefined && live) {
      const fresh = newReplies(items, seen.current);
      if (fresh.length) setSaid(fresh.map((i) => `${i.author === 'agent' ? t.agent : t.bot}: ${spoken(t, i.body)}`).join('\n'));
    }
    seen.current = end;
    const el = scroller.current;
    if (!el) return;
    const first = items[0]?.key ?? '';
    if (atBottom.current || items.at(-1)?.author === 'visitor') el.scrollTop = el.scrollHeight;
    else if (first !== last.current.first) el.scrollTop += el.scrollHeight - last.current.height;
    last.current = { first, height: el.scrollHeight };
  }, [items, typing, resolved]);

  return (
    <div
      ref={scroller}
      data-chatport="scroller"
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
      }}
    >
      {hasMore && (
        <button type="button" data-chatport="older" disabled={loadingOlder} onClick={onLoadOlder}>
          {loadingOlder ? t.loading : t.older}
        </button>
      )}
      <div role="log" aria-live="off" aria-label={t.conversation} data-chatport="log">
        {items.length === 0 && <p data-chatport="empty">{t.empty}</p>}
        {items.map((item) => (
          // Only a pending message reads `waiting`: the connection coming and going redraws no other row.
          <MessageRow key={item.key} item={item} onRetry={onRetry} waiting={waiting && item.status === 'pending'} />
        ))}
        {resolved && <p data-chatport="resolved">{t.resolved}</p>}
      </div>
      <div data-chatport="typing" aria-live="polite">
        {typing && <span>{t.typing}</span>}
      </div>
      <div data-chatport="sr-only" aria-live="polite" data-chatport-announcer="">
        {said}
      </div>
    </div>
  );
};
