import type { JSX } from 'preact';
import { isHttpUrl } from '../../protocol/url.ts';

export interface SafeLinkProps extends Omit<JSX.AnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'target' | 'rel'> {
  href: string | undefined;
  /** The styling/testing hook, kept on the text stand-in too. */
  'data-chatport'?: string;
}

/** A link only for http(s) URLs, opened in a new tab without an opener; anything else is plain text. */
export const SafeLink = ({ href, children, ...rest }: SafeLinkProps) =>
  isHttpUrl(href) ? (
    <a {...rest} href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ) : (
    <span data-chatport={rest['data-chatport']}>{children}</span>
  );
