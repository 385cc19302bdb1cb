import type { ReadonlySignal } from '@preact/signals-core';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Uploads } from '../state/uploads.ts';
import { adoptStyles } from './styles.ts';
import { loadRich } from './templates/index.tsx';
import { useValue } from './use-value.ts';

type Module = Awaited<ReturnType<typeof loadRich>>;

/** The upload list, fetched with its styles (in the rich templates' chunk) only once the visitor attaches a file. */
export const LazyUploads = ({ uploads: source }: { uploads: ReadonlySignal<Uploads | undefined> }) => {
  const uploads = useValue(source);
  const [mod, setMod] = useState<Module>();
  const anchor = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!uploads || mod) return;
    loadRich().then((m) => {
      if (anchor.current) adoptStyles(anchor.current, m.uploadsCss);
      setMod(m);
    }, () => undefined);
  }, [uploads, mod]);
  return <div ref={anchor} data-chatport="rich">{uploads && mod && <mod.UploadProgress uploads={uploads} />}</div>;
};
