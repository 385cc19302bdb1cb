import { useState } from 'preact/hooks';
import { useStrings } from '../../i18n/index.ts';
import type { ChatItem } from '../../state/transcript.ts';
import { useConversation } from '../extras.ts';
import { MessageBody } from '../templates/index.tsx';
import { useValue } from '../use-value.ts';
import { senderOf } from './groups.ts';
import { Markdown } from './markdown.tsx';
import { useConvStrings } from './strings.ts';
import { dayLabel, fullTime, shortTime } from './time.ts';

/** A round picture, or the name's first letter on the brand colour (text on it chosen by contrast). Decorative. */
export const Avatar = ({ name, url }: { name: string; url?: string | undefined }) => {
  const [broken, setBroken] = useState(false);
  return (
    <span data-chatport="face" aria-hidden="true">
      {url && !broken ? <img src={url} alt="" referrerpolicy="no-referrer" onError={() => setBroken(true)} /> : ([...name.trim()][0]?.toLocaleUpperCase() ?? '')}
    </span>
  );
};

/**
 * Who wrote the row: for screen readers on every row ("Nora: …"), and for the eye, above the first reply of a group, the
 * sender's avatar and name. Names are isolated (<bdi>): an Arabic name in an English widget keeps its shape, and the
 * other way round.
 */
export const Sender = ({ item, continues }: { item: ChatItem; continues: boolean }) => {
  const env = useConversation()!;
  const t = useStrings();
  const who = senderOf(env, item);
  const name = who?.name ?? (item.author === 'visitor' ? t.you : t[item.author]);
  return (
    <>
      {!continues && item.author !== 'visitor' && (
        <div data-chatport="sender" aria-hidden="true">
          <Avatar name={name} url={who?.avatar} />
          <bdi>{name}</bdi>
        </div>
      )}
      <span data-chatport="sr-only">
        <bdi>{name}</bdi>
        {': '}
      </span>
    </>
  );
};

/** A reply's body; a bot's or an agent's text as Markdown where the platform or the site says so. */
export const Body = ({ item: { body, author, id } }: { item: ChatItem }) => {
  const env = useConversation()!;
  return body.kind === 'text' && author !== 'visitor' && (body.format === 'markdown' || env.options.format === 'markdown') ? (
    <Markdown text={body.text} />
  ) : (
    <MessageBody body={body} messageId={id} />
  );
};

/**
 * When a message was written: short beside it (relative today), in full for screen readers and when the row is hovered
 * or holds the focus.
 */
export const Time = ({ iso }: { iso: string }) => {
  const env = useConversation()!;
  const now = useValue(env.now);
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  return (
    <time data-chatport="time" dateTime={iso}>
      <span aria-hidden="true">{shortTime(at, now, env.timeLocale)}</span>
      <span data-chatport="full">{fullTime(at, env.timeLocale)}</span>
    </time>
  );
};

export interface MetaProps {
  item: ChatItem;
  waiting: boolean;
  onRetry: (clientId: string) => void;
}

/**
 * The line under a message: its time and, for the visitor's own, where it stands. The stylesheet shows the state once per
 * group (on its last message); a failed message always keeps its retry.
 */
export const Meta = ({ item: { createdAt, status, clientId }, waiting, onRetry }: MetaProps) => {
  const t = useStrings();
  const state = status === 'pending' ? (waiting ? t.queued : t.sending) : status && t[status];
  return (
    <div data-chatport="meta">
      <Time iso={createdAt} />
      {state && <span data-chatport="status">{state}</span>}
      {status === 'failed' && clientId && (
        <button type="button" data-chatport="retry" onClick={() => onRetry(clientId)}>
          {t.retry}
        </button>
      )}
    </div>
  );
};

/** The day a run of messages was written: "Today", "Yesterday", or the date. */
export const Day = ({ iso }: { iso: string }) => {
  const env = useConversation()!;
  const now = useValue(env.now);
  return (
    <div data-chatport="day">
      <time dateTime={iso.slice(0, 10)}>{dayLabel(new Date(iso), now, env.timeLocale)}</time>
    </div>
  );
};

/** Three dots in a bot bubble while a reply is being written; the words are for screen readers (said once). */
export const Typing = () => {
  const c = useConvStrings();
  return (
    <>
      <span data-chatport="dots" aria-hidden="true">
        <i />
        <i />
        <i />
      </span>
      <span data-chatport="sr-only">{c.typing}</span>
    </>
  );
};
