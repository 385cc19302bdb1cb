import type { ComponentChildren } from 'preact';
import { isHttpUrl } from '../../transport/guards.ts';

export interface SafeLinkProps {
  href: string | undefined;
  children: ComponentChildren;
}

/** A link only for http(s) URLs, opened in a new tab without an opener; anything else is plain text. */
export const SafeLink = ({ href, children }: SafeLinkProps) =>
  isHttpUrl(href) ? (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  ) : (
    <span>{children}</span>
  );
