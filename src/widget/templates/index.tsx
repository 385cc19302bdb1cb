import type { ComponentType } from 'preact';
import type { Body, BodyKind } from '../../protocol/index.ts';
import { Audio } from './Audio.tsx';
import { Buttons } from './Buttons.tsx';
import { Carousel } from './Carousel.tsx';
import { Fallback } from './Fallback.tsx';
import { FileCard } from './FileCard.tsx';
import { Image } from './Image.tsx';
import { Postback } from './Postback.tsx';
import { Text } from './Text.tsx';
import { Video } from './Video.tsx';

export interface MessageBodyProps {
  body: Body;
}

// Each template takes its body's fields as props.
const TEMPLATES: { [K in BodyKind]?: ComponentType<Extract<Body, { kind: K }>> } = {
  text: Text,
  buttons: Buttons,
  carousel: Carousel,
  image: Image,
  audio: Audio,
  video: Video,
  file: FileCard,
  postback: Postback,
};

/** One template per message kind; `unsupported` and kinds this widget does not know go through Fallback. */
export const MessageBody = ({ body }: MessageBodyProps) => {
  // Own keys only: a kind like "constructor" must not reach Object's prototype.
  const Template = Object.hasOwn(TEMPLATES, body.kind) ? (TEMPLATES[body.kind] as ComponentType<Body>) : undefined;
  return Template ? <Template {...body} /> : <Fallback body={body} />;
};
