import type { ConnectionState } from '../state/chat.ts';

export interface ConnectionNoticeProps {
  state: ConnectionState;
}

const TEXT: Partial<Record<ConnectionState, string>> = {
  connecting: 'Connecting…',
  reconnecting: 'Connection lost. Reconnecting…',
  offline: 'You are offline. Replies will appear when you are back online.',
};

/** A one-line notice while the live connection is not up; empty (but present, for screen readers) otherwise. */
export const ConnectionNotice = ({ state }: ConnectionNoticeProps) => (
  <div data-chatport="connection" data-state={state} role="status">
    {TEXT[state] ?? ''}
  </div>
);
