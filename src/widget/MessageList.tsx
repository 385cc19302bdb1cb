import { useLayoutEffect, useRef } from 'preact/hooks';
import { useStrings } from '../i18n/index.ts';
import type { ChatItem } from '../state/transcript.ts';
import { useConversation } from './extras.ts';
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
 * scrolled up to read; keeps its place when older messages are put on top. The conversation chunk, once here, draws
 * the rows with their senders, times and days, the welcome, the button for earlier messages, the resolved notice, the
 * typing dots and the region that reads each new reply out once; before it, the rows and the invitation to write.
 */
export const MessageList = ({ items, hasMore, loadingOlder, typing, resolved, onRetry, onLoadOlder, live = true, waiting = false }: MessageListProps) => {
  const t = useStrings();
  const env = useConversation();
  const x = env?.x;
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const last = useRef({ first: '', height: 0 });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const first = items[0]?.key ?? '';
    if (atBottom.current || items.at(-1)?.author === 'visitor') el.scrollTop = el.scrollHeight;
    else if (first !== last.current.first) el.scrollTop += el.scrollHeight - last.current.height;
    last.current = { first, height: el.scrollHeight };
  }, [items, typing, resolved]);
  // Each row's place in its group and day, as plain values (so rows that keep their place are not redrawn).
  const places = x?.groups(env!, items);
  const Row = x ? x.Row : MessageRow;

  return (
    <div
      ref={scroller}
      data-chatport="scroller"
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
      }}
    >
      {x && <x.Older hasMore={hasMore} loading={loadingOlder} onLoad={onLoadOlder} />}
      <div role="log" aria-live="off" aria-label={t.conversation} data-chatport="log">
        {items.length === 0 && (x ? <x.Welcome env={env!} /> : <p data-chatport="empty">{t.empty}</p>)}
        {items.map((item, i) => (
          // Only a pending message reads `waiting`: the connection coming and going redraws no other row.
          <Row key={item.key} item={item} onRetry={onRetry} waiting={waiting && item.status === 'pending'} continues={places?.[i]?.[0]} day={places?.[i]?.[1]} />
        ))}
        {x && resolved && <x.Resolved />}
      </div>
      {x && <x.After items={items} typing={typing} live={live} />}
    </div>
  );
};
