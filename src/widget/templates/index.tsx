import type { ComponentType, VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { adoptStyles } from '../styles.ts';
import type { Body, BodyKind } from '../../protocol/index.ts';
import { Deleted } from './Deleted.tsx';
import { Fallback } from './Fallback.tsx';
import { Postback } from './Postback.tsx';
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
    loadRich().then(
      (module) => {
        if (anchor.current) adoptStyles(anchor.current, module.css);
        setRich(module);
      },
      () => setFailed(true),
    );
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

/** The kinds drawn at once, without the templates' chunk. */
export type EagerKind = 'text' | 'answer' | 'postback' | 'deleted' | 'unsupported';
/** Every other kind of the protocol: its template is in the templates' chunk (rich.tsx), which must name them all. */
export type RichKind = Exclude<BodyKind, EagerKind>;

/** How each eager kind is drawn; a kind of the protocol missing here or in rich.tsx's map does not compile. */
export const EAGER: { [K in EagerKind]: (body: Extract<Body, { kind: K }>) => VNode } = {
  text: (body) => <Text text={body.text} />,
  // The visitor's answer to a question reads as their own words.
  answer: (body) => <Text text={body.text} />,
  postback: (body) => <Postback {...body} />,
  deleted: () => <Deleted />,
  unsupported: (body) => <Fallback body={body} />,
};

/**
 * Eager kinds are drawn at once; every other kind comes from the templates' chunk, which checks it field by field
 * first, so an unknown kind (from a newer relay, or even "constructor") gets the notice, never a template.
 */
export const MessageBody = ({ body, messageId }: MessageBodyProps) =>
  Object.hasOwn(EAGER, body.kind) ? (EAGER[body.kind as EagerKind] as (body: Body) => VNode)(body) : <RichBody body={body} messageId={messageId} />;
