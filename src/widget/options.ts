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
  /** The bot's name and image beside its replies (UChat: the platform names nobody). */
  botName?: string | undefined;
  botAvatar?: string | undefined;
  /** `markdown`: bot and agent text is drawn as Markdown. */
  format?: string | undefined;
  /** The welcome before the first message, and up to four suggested prompts separated by `|`. */
  welcomeTitle?: string | undefined;
  welcome?: string | undefined;
  prompts?: string | undefined;
  /** Opening hours with an IANA timezone: `Mon-Fri 09:00-17:00, Sat 10:00-14:00 Europe/Berlin`. */
  hours?: string | undefined;
  /** A greeting beside the closed launcher. */
  greeting?: string | undefined;
  /** `on`: a short sound for replies while the panel is closed or the tab hidden. */
  sound?: string | undefined;
}
