import { useStrings } from '../../i18n/index.ts';
import { useRichStrings } from './strings.ts';
import { useRef, useState } from 'preact/hooks';
import { isHttpUrl } from '../../protocol/url.ts';
import { Lightbox } from './Lightbox.tsx';
import { Unavailable } from './Unavailable.tsx';

export interface ImageProps {
  url: string;
  name?: string;
}

/** A thumbnail that opens the full image in a lightbox; a URL that fails says so and links the file instead. */
export const Image = ({ url, name }: ImageProps) => {
  const [broken, setBroken] = useState(false);
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const t = useStrings();
  const r = useRichStrings();
  const alt = name || t.image;
  if (broken || !isHttpUrl(url)) return <Unavailable message={r.imageBroken} url={url} link={r.openImage} />;
  return (
    <>
      <button ref={opener} type="button" data-chatport="image" aria-label={r.viewImage} onClick={() => setOpen(true)}>
        <img src={url} alt={alt} loading="lazy" onError={() => setBroken(true)} />
      </button>
      {open && (
        <Lightbox
          src={url}
          alt={alt}
          onClose={() => {
            setOpen(false);
            opener.current?.focus();
          }}
        />
      )}
    </>
  );
};
