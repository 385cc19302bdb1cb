import type { Ref } from 'preact';
import { useStrings } from '../i18n/index.ts';

export interface LauncherProps {
  open: boolean;
  unread: number;
  /** The id of the panel it shows and hides. */
  controls: string;
  onToggle: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
}

/** The round button in the corner. Its name says what pressing it does and, while closed, how many replies wait. */
export const Launcher = ({ open, unread, controls, onToggle, buttonRef }: LauncherProps) => {
  const t = useStrings();
  return (
    <button
      ref={buttonRef}
      type="button"
      data-chatport="launcher"
      aria-label={open ? t.closeChat : unread > 0 ? t.openUnread(unread) : t.openChat}
      aria-expanded={open}
      aria-controls={controls}
      onClick={onToggle}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        {open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 5h16v11H9l-5 4z" />}
      </svg>
      {/* The count is in the name; the badge is only for the eye. */}
      {unread > 0 && !open && (
        <span data-chatport="unread" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </button>
  );
};
