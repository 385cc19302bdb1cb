import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ChatItem } from '../state/transcript.ts';
import { MessageRow } from './MessageRow.tsx';

export interface MessageListProps {
  items: ChatItem[];
  hasMore: boolean;
  loadingOlder: boolean;
  typing: boolean;
  onRetry: (clientId: string) => void;
  onLoadOlder: () => void;
}

/**
 * The transcript as a live log (bot left, visitor right). Stays scrolled to the newest message unless the visitor
 * scrolled up to read; keeps its place when older messages are put on top.
 */
export const MessageList = ({ items, hasMore, loadingOlder, typing, onRetry, onLoadOlder }: MessageListProps) => {
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
  }, [items, typing]);

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
          {loadingOlder ? 'Loading…' : 'Show earlier messages'}
        </button>
      )}
      <div role="log" aria-live="polite" aria-label="Conversation" data-chatport="log">
        {items.length === 0 && <p data-chatport="empty">Send a message to start the conversation.</p>}
        {items.map((item) => (
          <MessageRow key={item.key} item={item} onRetry={onRetry} />
        ))}
      </div>
      <div data-chatport="typing" aria-live="polite">
        {typing && <span>Typing…</span>}
      </div>
    </div>
  );
};
