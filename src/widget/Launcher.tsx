import type { Ref } from 'preact';
import { useId } from 'preact/hooks';

export interface LauncherProps {
  open: boolean;
  unread: number;
  /** The id of the panel it shows and hides. */
  controls: string;
  onToggle: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
}

/** The round button in the corner. Its name says what pressing it does; unread replies are its description. */
export const Launcher = ({ open, unread, controls, onToggle, buttonRef }: LauncherProps) => {
  const unreadId = useId();
  return (
    <button
      ref={buttonRef}
      type="button"
      data-chatport="launcher"
      aria-label={open ? 'Close chat' : 'Open chat'}
      aria-expanded={open}
      aria-controls={controls}
      aria-describedby={unread > 0 ? unreadId : undefined}
      onClick={onToggle}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        {open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 5h16v11H9l-5 4z" />}
      </svg>
      {unread > 0 && (
        <span data-chatport="unread" id={unreadId}>
          {unread > 99 ? '99+' : unread}
          <span data-chatport="sr-only">{unread === 1 ? ' unread reply' : ' unread replies'}</span>
        </span>
      )}
    </button>
  );
};
