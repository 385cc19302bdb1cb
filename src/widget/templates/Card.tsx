import type { JSX } from 'preact';
import type { Button, CarouselItem } from '../../protocol/index.ts';
import { isHttpUrl } from '../../protocol/url.ts';
import { Action, ButtonRow } from './Buttons.tsx';

export interface CardProps extends JSX.HTMLAttributes<HTMLDivElement> {
  item: CarouselItem;
  ratio: 'horizontal' | 'square';
  /** The id of the carousel's message, which a press names. */
  to?: string | undefined;
}

/**
 * One card: image (its box sized by the ratio before it loads), title, subtitle, buttons. The item's URL, else its
 * default action, makes image and title one link (or one postback button); extra attributes go on the card itself.
 */
export const Card = ({ item: { title, subtitle, imageUrl, itemUrl, defaultAction, buttons }, ratio, to, ...rest }: CardProps) => {
  const action: Button | undefined = itemUrl ? { type: 'url', title, url: itemUrl } : defaultAction;
  const head = (
    <>
      {isHttpUrl(imageUrl) && (
        <span data-chatport="card-media" data-ratio={ratio}>
          {/* Decorative (the title names the card): a failed load leaves the reserved box, no broken-image icon. */}
          <img src={imageUrl} alt="" loading="lazy" />
        </span>
      )}
      <strong data-chatport="card-title">{title}</strong>
    </>
  );
  return (
    <div {...rest} data-chatport="card">
      {action ? (
        <Action button={action} to={to} name="card-head">
          {head}
        </Action>
      ) : (
        <span data-chatport="card-head">{head}</span>
      )}
      {subtitle && <p data-chatport="card-subtitle">{subtitle}</p>}
      <ButtonRow buttons={buttons} to={to} />
    </div>
  );
};
