import { memo } from '../memo.ts';
import type { MessageRowProps } from '../MessageRow.tsx';
import { Body, Day, Meta, Sender } from './parts.tsx';

/**
 * A message as a conversation draws it: the day's separator above the first of a day; the sender (name and avatar above
 * the first of a group, for screen readers on each); the bubble (Markdown where it applies); its time and, for the
 * visitor's own, where it stands. Like the first load's row, redrawn only when its own props change.
 */
export const Row = memo(({ item, onRetry, waiting = false, continues = false, day }: MessageRowProps) => (
  <>
    {day && <Day iso={day} />}
    <div data-chatport="message" data-author={item.author} data-kind={item.body.kind} data-status={item.status} data-cont={continues || undefined}>
      <Sender item={item} continues={continues} />
      <div data-chatport="bubble">
        <Body item={item} />
      </div>
      <Meta item={item} waiting={waiting} onRetry={onRetry} />
    </div>
  </>
));
