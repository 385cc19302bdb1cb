import { useStrings } from '../../i18n/index.ts';
import { useRichStrings } from './strings.ts';
import { useState } from 'preact/hooks';
import { isHttpUrl } from '../../protocol/url.ts';
import { Unavailable } from './Unavailable.tsx';

export interface PlayerProps {
  kind: 'audio' | 'video';
  url: string;
  name?: string | undefined;
}

/** The browser's own player, loading only metadata up front. A file it cannot play is offered as a download. */
export const Player = ({ kind: Tag, url, name }: PlayerProps) => {
  const [broken, setBroken] = useState(false);
  const t = useStrings();
  const r = useRichStrings();
  const what = t[Tag];
  if (broken || !isHttpUrl(url)) return <Unavailable message={r.notPlayable(what)} url={url} link={r.download(name || what)} download />;
  return <Tag data-chatport={Tag} src={url} controls preload="metadata" playsInline aria-label={name || what} onError={() => setBroken(true)} />;
};
