import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useStrings } from '../i18n/index.ts';
import { isHttpUrl } from '../protocol/url.ts';

export interface PanelProps {
  id: string;
  title: string;
  /** An http(s) image for the header; otherwise the title's initial is drawn (no request). */
  avatar?: string | undefined;
  onClose: () => void;
  children: ComponentChildren;
}

/** The chat window: a non-modal dialog named by its title. Escape closes it; opening it focuses the composer. */
export const Panel = ({ id, title, avatar, onClose, children }: PanelProps) => {
  const t = useStrings();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.querySelector('textarea')?.focus(), []);
  return (
    <section
      ref={ref}
      id={id}
      role="dialog"
      aria-label={title}
      data-chatport="panel"
      onKeyDown={(e) => {
        // A lightbox inside handles its own Escape first.
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div data-chatport="header">
        {/* Decorative: the title next to it says who this is. */}
        <span data-chatport="avatar" aria-hidden="true">
          {isHttpUrl(avatar) ? <img src={avatar} alt="" referrerpolicy="no-referrer" /> : ([...title.trim()][0]?.toUpperCase() ?? '')}
        </span>
        <h2>{title}</h2>
        <button type="button" data-chatport="close" aria-label={t.close} onClick={onClose}>
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      </div>
      {children}
    </section>
  );
};
