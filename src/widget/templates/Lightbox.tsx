import { useStrings } from '../../i18n/index.ts';
import { useLayoutEffect, useRef } from 'preact/hooks';

export interface LightboxProps {
  src: string;
  alt: string;
  /** Called on Close, Escape or a click beside the image; the opener takes the focus back. */
  onClose: () => void;
}

/** The image at full size in a modal dialog inside the widget. Its only control, Close, holds the focus. */
export const Lightbox = ({ src, alt, onClose }: LightboxProps) => {
  const t = useStrings();
  const close = useRef<HTMLButtonElement>(null);
  // Focused as it is drawn, not after the next paint: an Escape pressed the moment it shows must reach this dialog,
  // not the panel behind it (which would close the whole chat).
  useLayoutEffect(() => close.current?.focus(), []);
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label={alt}
      data-chatport="lightbox"
      onClick={(e) => e.target === e.currentTarget && onClose()}
      onKeyDown={(e) => {
        // Escape closes this dialog only, not the chat panel around it; Tab has nowhere else to go.
        if (e.key !== 'Escape' && e.key !== 'Tab') return;
        e.preventDefault();
        e.stopPropagation();
        if (e.key === 'Escape') onClose();
      }}
    >
      <button ref={close} type="button" data-chatport="action" onClick={onClose}>
        {t.close}
      </button>
      <img src={src} alt={alt} />
    </div>
  );
};
