import { isHttpUrl } from '../../protocol/url.ts';
import { SafeLink } from './SafeLink.tsx';

export interface UnavailableProps {
  /** What went wrong, e.g. "Image could not be loaded". */
  message: string;
  url: string;
  /** The link's text, e.g. "Open image". */
  link: string;
  download?: boolean;
}

/** Stands in for media that failed (or was never safe to load): says so, and offers the file itself when it may. */
export const Unavailable = ({ message, url, link, download }: UnavailableProps) => (
  <p data-chatport="unavailable">
    {message}
    {isHttpUrl(url) && (
      <>
        {' '}
        <SafeLink href={url} download={download ? '' : undefined}>
          {link}
        </SafeLink>
      </>
    )}
  </p>
);
