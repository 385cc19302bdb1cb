import type { ComponentType } from 'preact';
import type { Body } from '../../protocol/index.ts';
import { Audio } from './Audio.tsx';
import { Buttons } from './Buttons.tsx';
import { Carousel } from './Carousel.tsx';
import { FileCard } from './FileCard.tsx';
import { Image } from './Image.tsx';
import { Video } from './Video.tsx';
import templatesCss from './templates.css?inline';
export { isRichBody } from '../../transport/rich-guards.ts';

/** The templates' styles come with them. */
export const css = templatesCss;
// The upload list rides in this chunk too: one lazy chunk keeps the shared runtime in the first-load file.
export { UploadProgress, css as uploadsCss } from '../UploadProgress.tsx';

export type RichKind = 'buttons' | 'carousel' | 'image' | 'audio' | 'video' | 'file';

/** Templates loaded on demand, in their own chunk: a conversation of plain text never downloads them. */
export const RICH: { [K in RichKind]: ComponentType<Extract<Body, { kind: K }>> } = {
  buttons: Buttons,
  carousel: Carousel,
  image: Image,
  audio: Audio,
  video: Video,
  file: FileCard,
};
