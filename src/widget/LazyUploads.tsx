import { useEffect, useRef, useState } from 'preact/hooks';
import type { Uploads } from '../state/uploads.ts';
import { adoptStyles } from './styles.ts';

type Module = typeof import('./UploadProgress.tsx');

/** The upload list, fetched with its styles only once the visitor attaches a file. */
export const LazyUploads = ({ uploads }: { uploads: Uploads | undefined }) => {
  const [mod, setMod] = useState<Module>();
  const anchor = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!uploads || mod) return;
    import('./UploadProgress.tsx').then((m) => {
      if (anchor.current) adoptStyles(anchor.current, m.css);
      setMod(m);
    }, () => undefined);
  }, [uploads, mod]);
  return <div ref={anchor} data-chatport="rich">{uploads && mod && <mod.UploadProgress uploads={uploads} />}</div>;
};
