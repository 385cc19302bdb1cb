import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useStrings } from '../../i18n/index.ts';
import type { ChatItem } from '../../state/transcript.ts';
import { newReplies, spoken } from '../announce.ts';
import { useConversation } from '../extras.ts';
import { senderOf } from './groups.ts';
import { Typing } from './parts.tsx';
import { useConvStrings } from './strings.ts';

/** Above the transcript while there are earlier messages: a button that loads the previous page. */
export const Older = ({ hasMore, loading, onLoad }: { hasMore: boolean; loading: boolean; onLoad: () => void }) => {
  const c = useConvStrings();
  return hasMore ? (
    <button type="button" data-chatport="older" disabled={loading} onClick={onLoad}>
      {loading ? c.loading : c.older}
    </button>
  ) : null;
};

/** The end of the log while the platform has the conversation resolved, until the visitor writes again. */
export const Resolved = () => <p data-chatport="resolved">{useConvStrings().resolved}</p>;

export interface AfterProps {
  items: ChatItem[];
  typing: boolean;
  /** The live connection is up: replies arriving now are read out (history pages are not). */
  live: boolean;
}

/**
 * Below the transcript: the typing dots (said once, politely), and a polite region of its own that reads out each new
 * reply once ("Nora: It ships tomorrow"), not every re-render of the log.
 */
export const After = ({ items, typing, live }: AfterProps) => {
  const t = useStrings();
  const env = useConversation()!;
  const seen = useRef<string>();
  const [said, setSaid] = useState('');
  useLayoutEffect(() => {
    // The first render shows what was there already; after that, replies that arrive live are read out.
    if (seen.current !== undefined && live) {
      const fresh = newReplies(items, seen.current);
      if (fresh.length) setSaid(fresh.map((i) => `${senderOf(env, i)?.name ?? t[i.author as 'bot' | 'agent']}: ${spoken(t, i.body)}`).join('\n'));
    }
    seen.current = items.at(-1)?.key ?? '';
  }, [items]);
  return (
    <>
      <div data-chatport="typing" aria-live="polite">
        {typing && <Typing />}
      </div>
      <div data-chatport="sr-only" aria-live="polite" data-chatport-announcer="">
        {said}
      </div>
    </>
  );
};
