/** What a site may choose about the widget's look and language (the loader passes these from its mount options). */
export interface WidgetOptions {
  /** A BCP 47 tag (`pt-BR`); else the page's `<html lang>`, else the browser's languages; English when unknown. */
  locale?: string | undefined;
  /** `auto` follows the visitor's prefers-color-scheme. */
  theme?: 'light' | 'dark' | 'auto' | undefined;
  /** The corner the launcher sits in (mirrored in right-to-left languages). */
  position?: 'left' | 'right' | undefined;
  /** The primary colour as a CSS hex colour (`#0a7`, `#00aa77`); text on it is chosen by contrast. */
  color?: string | undefined;
  /** The panel's title and accessible name. */
  title?: string | undefined;
  /** An http(s) image URL shown in the panel header; without it, the title's initial (no request is made). */
  avatar?: string | undefined;
}
