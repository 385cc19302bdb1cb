import type { ReadonlySignal } from '@preact/signals-core';
import { useStrings } from '../i18n/index.ts';
import type { ConnectionState } from '../state/chat.ts';
import { useValue } from './use-value.ts';

export interface ConnectionNoticeProps {
  connection: ReadonlySignal<ConnectionState>;
}

/**
 * A quiet one-line notice while the live connection is not up; empty otherwise. A polite status region, so a
 * screen reader hears the change once without being interrupted.
 */
export const ConnectionNotice = ({ connection }: ConnectionNoticeProps) => {
  const t = useStrings();
  const state = useValue(connection);
  const text = state === 'online' || state === 'idle' ? '' : t[state];
  return (
    <div data-chatport="connection" data-state={state} role="status">
      {text}
    </div>
  );
};
