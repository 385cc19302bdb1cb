import type { Body, Button } from '../../protocol/index.ts';
import { SafeLink } from './SafeLink.tsx';

export interface FallbackProps {
  body: Body;
}

const MEDIA: Record<string, string> = { image: 'Image', audio: 'Audio', video: 'Video', file: 'File' };

const Buttons = ({ buttons }: { buttons: Button[] }) =>
  buttons.length > 0 ? (
    <ul>
      {buttons.map((b) => (
        <li>{b.type === 'url' ? <SafeLink href={b.url}>{b.title}</SafeLink> : b.title}</li>
      ))}
    </ul>
  ) : null;

/** A readable stand-in for every kind without its own template yet: links only for http(s) URLs, text as text. */
export const Fallback = ({ body }: FallbackProps) => {
  switch (body.kind) {
    case 'image':
    case 'audio':
    case 'video':
    case 'file':
      return (
        <p data-chatport="attachment">
          <SafeLink href={body.url}>{`${MEDIA[body.kind]}: ${body.name || body.url}`}</SafeLink>
        </p>
      );
    case 'buttons':
      return (
        <div>
          <p data-chatport="text">{body.text}</p>
          <Buttons buttons={body.buttons} />
        </div>
      );
    case 'carousel':
      return (
        <ul>
          {body.items.map((item) => (
            <li>
              <SafeLink href={item.itemUrl}>{item.title}</SafeLink>
              {item.subtitle && <p>{item.subtitle}</p>}
              <Buttons buttons={item.buttons} />
            </li>
          ))}
        </ul>
      );
    case 'postback':
      return <p data-chatport="text">{body.title}</p>;
    case 'unsupported':
      return <p data-chatport="text">{body.summary}</p>;
  }
  return <p data-chatport="text">This message cannot be shown here.</p>;
};
