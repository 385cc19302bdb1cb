import type { ComponentChildren, TargetedDragEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useStrings } from '../i18n/index.ts';
import { isHttpUrl } from '../protocol/url.ts';

export interface PanelProps {
  id: string;
  title: string;
  /** An http(s) image for the header; otherwise the title's initial is drawn (no request). */
  avatar?: string | undefined;
  onClose: () => void;
  /** Files dropped on the panel; without it nothing can be dropped. */
  onAttach?: ((file: File) => unknown) | undefined;
  children: ComponentChildren;
}

/** Only a drag that carries files is taken (dragged text or links are not). */
const carriesFiles = (e: TargetedDragEvent<HTMLElement>) => !!e.dataTransfer?.types.includes('Files');

/** The chat window: a non-modal dialog named by its title. Escape closes it; opening it focuses the composer. */
export const Panel = ({ id, title, avatar, onClose, onAttach, children }: PanelProps) => {
  const t = useStrings();
  const ref = useRef<HTMLElement>(null);
  const [dragging, setDragging] = useState(false);
  const over = (e: TargetedDragEvent<HTMLElement>) => {
    if (!onAttach || !carriesFiles(e)) return;
    e.preventDefault();
    setDragging(true);
  };
  useEffect(() => ref.current?.querySelector('textarea')?.focus(), []);
  return (
    <section
      ref={ref}
      id={id}
      role="dialog"
      aria-label={title}
      data-chatport="panel"
      onDragEnter={over}
      onDragOver={over}
      onDrop={(e) => {
        // Taken, so the browser does not open the file instead; text dropped on the textarea brings no files.
        over(e);
        setDragging(false);
        for (const file of e.dataTransfer?.files ?? []) onAttach?.(file);
      }}
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
          {isHttpUrl(avatar) ? <img src={avatar} alt="" referrerpolicy="no-referrer" /> : [...title.trim()][0]?.toUpperCase() ?? ''}
        </span>
        <h2>{title}</h2>
        <button type="button" data-chatport="close" aria-label={t.close} onClick={onClose}>
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      </div>
      {children}
      {/* It covers the panel while a drag is over it, so leaving it is leaving the panel. */}
      {dragging && (
        <div data-chatport="drop" aria-hidden="true" onDragLeave={() => setDragging(false)}>
          {t.dropHere}
        </div>
      )}
    </section>
  );
};
