import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { adoptStyles } from '../styles.ts';
import type { Body } from '../../protocol/index.ts';
import { Deleted } from './Deleted.tsx';
import { Fallback } from './Fallback.tsx';
import { Postback } from './Postback.tsx';
import type { RichKind } from './rich.tsx';
import { Text } from './Text.tsx';

export interface MessageBodyProps {
  body: Body;
  /** The message's id: a question's answer refers to it. */
  messageId?: string;
}

type Rich = typeof import('./rich.tsx');

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

const RichBody = ({ body, messageId }: MessageBodyProps) => {
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
  const Template = valid ? (rich!.RICH[body.kind as RichKind] as ComponentType<Body & { messageId?: string }>) : undefined;
  // `display: contents`: the wrapper only anchors the styles to this widget's shadow root.
  return (
    <span ref={anchor} data-chatport="rich" aria-busy={rich || failed ? undefined : 'true'}>
      {Template ? <Template {...body} messageId={messageId} /> : (failed || rich) && <Fallback body={body} />}
    </span>
  );
};

/**
 * Text, answers, postbacks and deleted messages are drawn at once; every other kind comes from the templates' chunk,
 * which checks it field by field first, so an unknown kind (even "constructor") gets the notice, never a template.
 */
export const MessageBody = ({ body, messageId }: MessageBodyProps) => {
  // The visitor's answer to a question reads as their own words.
  if (body.kind === 'text' || body.kind === 'answer') return <Text text={body.text} />;
  if (body.kind === 'postback') return <Postback {...body} />;
  if (body.kind === 'deleted') return <Deleted />;
  if (body.kind === 'unsupported') return <Fallback body={body} />;
  return <RichBody body={body} messageId={messageId} />;
};
