import type { ReadonlySignal } from '@preact/signals-core';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Uploads } from '../../state/uploads.ts';
import { adoptStyles } from '../styles.ts';
import { loadRich } from '../templates/index.tsx';
import { useValue } from '../use-value.ts';
import { useConvStrings } from './strings.ts';

type Rich = Awaited<ReturnType<typeof loadRich>>;

/** Only a drag that carries files is taken (dragged text or links are not). */
const carriesFiles = (e: DragEvent) => !!e.dataTransfer?.types.includes('Files');

export interface FilesProps {
  uploads: ReadonlySignal<Uploads | undefined>;
  /** A file dropped on the panel. */
  onAttach: (file: File) => unknown;
}

/**
 * Files on the panel: dropped ones are attached (a hint covers the panel while they are dragged over it), and the files
 * on their way show above the composer: their list, with its styles, comes in the rich templates' chunk, fetched only
 * once the visitor attaches a file.
 */
export const Files = ({ uploads: source, onAttach }: FilesProps) => {
  const c = useConvStrings();
  const uploads = useValue(source);
  const [rich, setRich] = useState<Rich>();
  const [dragging, setDragging] = useState(false);
  const anchor = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!uploads || rich) return;
    loadRich().then(
      (m) => {
        if (anchor.current) adoptStyles(anchor.current, m.uploadsCss);
        setRich(m);
      },
      () => undefined,
    );
  }, [uploads, rich]);
  // Listening from the moment it is drawn.
  useLayoutEffect(() => {
    const panel = anchor.current?.closest('[data-chatport="panel"]');
    if (!panel) return;
    const over = (e: Event) => {
      if (!carriesFiles(e as DragEvent)) return;
      // Taken, so the browser does not open the file instead; text dropped on the textarea brings no files.
      e.preventDefault();
      setDragging(true);
    };
    const drop = (e: Event) => {
      over(e);
      setDragging(false);
      for (const file of (e as DragEvent).dataTransfer?.files ?? []) onAttach(file);
    };
    // The hint covers the panel, so a drag leaving it is leaving the panel.
    const leave = (e: Event) => (e.target as Element).matches('[data-chatport="drop"]') && setDragging(false);
    const events = { dragenter: over, dragover: over, drop, dragleave: leave };
    for (const [type, fn] of Object.entries(events)) panel.addEventListener(type, fn);
    return () => {
      for (const [type, fn] of Object.entries(events)) panel.removeEventListener(type, fn);
    };
  }, []);
  return (
    <div ref={anchor} data-chatport="rich">
      {uploads && rich && <rich.UploadProgress uploads={uploads} />}
      {dragging && (
        <div data-chatport="drop" aria-hidden="true">
          {c.dropHere}
        </div>
      )}
    </div>
  );
};
