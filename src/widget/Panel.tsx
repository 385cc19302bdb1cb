import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export interface PanelProps {
  id: string;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
}

/** The chat window: a non-modal dialog named by its title. Escape closes it; opening it focuses the composer. */
export const Panel = ({ id, title, onClose, children }: PanelProps) => {
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
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header data-chatport="header">
        <h2>{title}</h2>
        <button type="button" data-chatport="close" aria-label="Close" onClick={onClose}>
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      </header>
      {children}
    </section>
  );
};
