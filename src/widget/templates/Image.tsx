import { useStrings } from '../../i18n/index.ts';
import { useRichStrings } from './strings.ts';
import { useRef, useState } from 'preact/hooks';
import { isHttpUrl } from '../../protocol/url.ts';
import { Lightbox } from './Lightbox.tsx';
import { Unavailable } from './Unavailable.tsx';

export interface ImageProps {
  url: string;
  name?: string;
  /** Pixels, where the platform says: the box takes the image's shape before it loads. */
  width?: number;
  height?: number;
}

/** The box's shape: the image's own where known (kept within 1:2 and 2.4:1 so a sliver stays visible), else 4:3. */
export const boxRatio = (width?: number, height?: number): string => (width && height ? `${Math.min(2.4, Math.max(0.5, width / height)).toFixed(3)}` : '4 / 3');

/** A thumbnail that opens the full image in a lightbox; a URL that fails says so and links the file instead. */
export const Image = ({ url, name, width, height }: ImageProps) => {
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
        {/* The space is kept before it loads (no jump) and the whole image shows in it, never cropped. */}
        <img src={url} alt={alt} loading="lazy" width={width} height={height} style={{ aspectRatio: boxRatio(width, height) }} onError={() => setBroken(true)} />
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
