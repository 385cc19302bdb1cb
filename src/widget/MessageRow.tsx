import type { ChatItem } from '../state/transcript.ts';
import { MessageBody } from './templates/index.tsx';

export interface MessageRowProps {
  item: ChatItem;
  onRetry: (clientId: string) => void;
}

const AUTHOR = { visitor: 'You', bot: 'Bot', agent: 'Agent' } as const;
const STATUS = { pending: 'Sending…', sent: 'Sent', failed: 'Failed' } as const;

/** One message: who wrote it (for screen readers), the bubble, and for the visitor's own messages their status. */
export const MessageRow = ({ item: { author, body, status, clientId }, onRetry }: MessageRowProps) => (
  <div data-chatport="message" data-author={author} data-kind={body.kind} data-status={status}>
    <span data-chatport="sr-only">{`${AUTHOR[author]}: `}</span>
    <div data-chatport="bubble">
      <MessageBody body={body} />
    </div>
    {status && (
      <div data-chatport="status">
        {STATUS[status]}
        {status === 'failed' && clientId && (
          <button type="button" data-chatport="retry" onClick={() => onRetry(clientId)}>
            Retry
          </button>
        )}
      </div>
    )}
  </div>
);
