import { useStrings } from '../i18n/index.ts';
import type { ConnectionState } from '../state/chat.ts';

export interface ConnectionNoticeProps {
  state: ConnectionState;
}

/**
 * A quiet one-line notice while the live connection is not up; empty otherwise. A polite status region, so a
 * screen reader hears the change once without being interrupted.
 */
export const ConnectionNotice = ({ state }: ConnectionNoticeProps) => {
  const t = useStrings();
  const text = state === 'online' || state === 'idle' ? '' : t[state];
  return (
    <div data-chatport="connection" data-state={state} role="status">
      {text}
    </div>
  );
};
