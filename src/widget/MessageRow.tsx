import { useStrings } from '../i18n/index.ts';
import type { ChatItem } from '../state/transcript.ts';
import { memo } from './memo.ts';
import { MessageBody } from './templates/index.tsx';

export interface MessageRowProps {
  item: ChatItem;
  onRetry: (clientId: string) => void;
  /** The connection is down: a pending message waits for it (queued) rather than being sent now. */
  waiting?: boolean;
  /** It continues the group above it (same sender, minutes apart): drawn by the conversation chunk's row. */
  continues?: boolean | undefined;
  /** The first message of its day, the day's separator above it (its time), else '': drawn by the chunk's row. */
  day?: string | undefined;
}

/**
 * One message: who wrote it (for screen readers), the bubble, and for the visitor's own messages their status. Redrawn
 * only when its props change: the transcript keeps an unchanged item's object, so a new message draws one row. The
 * conversation chunk's row (conversation/Row.tsx) replaces it once loaded, with sender, time, day and Markdown.
 */
// A pending message has no id yet; a question (never the visitor's) always has one, which its answer refers to.
export const MessageRow = memo(({ item: { id, author, body, status, clientId }, onRetry, waiting = false }: MessageRowProps) => {
  const t = useStrings();
  const who = author === 'visitor' ? t.you : t[author];
  const state = status === 'pending' ? (waiting ? t.queued : t.sending) : status && t[status];
  return (
    <div data-chatport="message" data-author={author} data-kind={body.kind} data-status={status}>
      <span data-chatport="sr-only">{`${who}: `}</span>
      <div data-chatport="bubble">
        <MessageBody body={body} messageId={id} />
      </div>
      {status && (
        <div data-chatport="status">
          {state}
          {status === 'failed' && clientId && (
            <button type="button" data-chatport="retry" onClick={() => onRetry(clientId)}>
              {t.retry}
            </button>
          )}
        </div>
      )}
    </div>
  );
});
