import type { ComponentType } from 'preact';
import type { Body } from '../../protocol/index.ts';
import type { RichKind } from './index.tsx';
import { Articles } from './Articles.tsx';
import { Audio } from './Audio.tsx';
import { Buttons } from './Buttons.tsx';
import { Carousel } from './Carousel.tsx';
import { Csat } from './Csat.tsx';
import { EmailAsk } from './EmailAsk.tsx';
import { FileCard } from './FileCard.tsx';
import { Form } from './Form.tsx';
import { Image } from './Image.tsx';
import { Select } from './Select.tsx';
import { Video } from './Video.tsx';
import templatesCss from './templates.css?inline';
export { isRichBody } from '../../transport/rich-guards.ts';

/** The templates' styles come with them. */
export const css = templatesCss;
// The upload list rides in this chunk too: one lazy chunk keeps the shared runtime in the first-load file.
export { UploadProgress, css as uploadsCss } from '../UploadProgress.tsx';

/**
 * Templates loaded on demand, in their own chunk: a conversation of plain text never downloads them. Typed over every
 * kind of the protocol that is not drawn eagerly (index.tsx), so a kind without a template is a compile error.
 */
export const RICH: { [K in RichKind]: ComponentType<Extract<Body, { kind: K }> & { messageId?: string }> } = {
  buttons: Buttons,
  carousel: Carousel,
  image: Image,
  audio: Audio,
  video: Video,
  file: FileCard,
  select: Select,
  form: Form,
  email: EmailAsk,
  csat: Csat,
  articles: Articles,
};
