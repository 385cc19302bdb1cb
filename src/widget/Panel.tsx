import type { ComponentChildren, TargetedDragEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface PanelProps {
  id: string;
  title: string;
  onClose: () => void;
  /** Files dropped on the panel; without it nothing can be dropped. */
  onAttach?: ((file: File) => void) | undefined;
  children: ComponentChildren;
}

/** Only a drag that carries files is taken (dragged text or links are not). */
const carriesFiles = (e: TargetedDragEvent<HTMLElement>) => !!e.dataTransfer?.types.includes('Files');

/** The chat window: a non-modal dialog named by its title. Escape closes it; opening it focuses the composer. */
export const Panel = ({ id, title, onClose, onAttach, children }: PanelProps) => {
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
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div data-chatport="header">
        <h2>{title}</h2>
        <button type="button" data-chatport="close" aria-label="Close" onClick={onClose}>
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      </div>
      {children}
      {/* It covers the panel while a drag is over it, so leaving it is leaving the panel. */}
      {dragging && (
        <div data-chatport="drop" aria-hidden="true" onDragLeave={() => setDragging(false)}>
          Drop files here
        </div>
      )}
    </section>
  );
};
