import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { adoptStyles } from '../styles.ts';
import type { Body } from '../../protocol/index.ts';
import { Fallback } from './Fallback.tsx';
import { Postback } from './Postback.tsx';
import type { RichKind } from './rich.tsx';
import { Text } from './Text.tsx';

export interface MessageBodyProps {
  body: Body;
}

type Rich = typeof import('./rich.tsx');
const RICH_KINDS: Record<RichKind, true> = { buttons: true, carousel: true, image: true, audio: true, video: true, file: true };

// The rich templates' chunk, fetched once when the first such message arrives; a failed fetch is tried again later.
let loaded: Rich | undefined;
let loading: Promise<Rich> | undefined;
export const loadRich = (): Promise<Rich> =>
  (loading ??= import('./rich.tsx').then(
    (module) => (loaded = module),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  ));

const RichBody = ({ body }: MessageBodyProps) => {
  const [rich, setRich] = useState(loaded);
  const [failed, setFailed] = useState(false);
  const anchor = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    loadRich().then((module) => {
      if (anchor.current) adoptStyles(anchor.current, module.css);
      setRich(module);
    }, () => setFailed(true));
  }, []);
  // Drawn only when every field checks out (the checks come with the templates); otherwise a readable notice.
  const valid = rich?.isRichBody(body);
  const Template = valid ? (rich!.RICH[body.kind as RichKind] as ComponentType<Body>) : undefined;
  // `display: contents`: the wrapper only anchors the styles to this widget's shadow root.
  return (
    <span ref={anchor} data-chatport="rich" aria-busy={rich || failed ? undefined : 'true'}>
      {Template ? <Template {...body} /> : (failed || rich) && <Fallback body={body} />}
    </span>
  );
};

/** One template per message kind; `unsupported` and kinds this widget does not know go through Fallback. */
export const MessageBody = ({ body }: MessageBodyProps) => {
  // Own keys only: a kind like "constructor" must not reach Object's prototype.
  if (Object.hasOwn(RICH_KINDS, body.kind)) return <RichBody body={body} />;
  if (body.kind === 'text') return <Text text={body.text} />;
  if (body.kind === 'postback') return <Postback {...body} />;
  return <Fallback body={body} />;
};
