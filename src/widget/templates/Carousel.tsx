import { useStrings } from '../../i18n/index.ts';
import { useRichStrings } from './strings.ts';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { CarouselItem } from '../../protocol/index.ts';
import { Card } from './Card.tsx';

export interface CarouselProps {
  ratio: 'horizontal' | 'square';
  items: CarouselItem[];
  /** The message's id, which a press on any card names. */
  messageId?: string | undefined;
}

const Arrow = ({ d }: { d: string }) => (
  <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path d={d} />
  </svg>
);

const KEYS: Record<string, (i: number, last: number) => number> = {
  ArrowLeft: (i) => i - 1,
  ArrowRight: (i) => i + 1,
  Home: () => 0,
  End: (_, last) => last,
};

/**
 * Several cards side by side in a scroll-snap track: swipe and wheel scroll natively; previous/next buttons and the
 * arrow keys (with the focus on a card) move one card. One item is just its card.
 */
export const Carousel = ({ ratio, items, messageId }: CarouselProps) => {
  const t = useStrings();
  const r = useRichStrings();
  const track = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState(0);
  // The card a button or key is scrolling to: until the scroll gets there, its passing positions do not count.
  const aim = useRef<number | undefined>(undefined);
  const id = useId();
  const last = items.length - 1;
  // A scroll that ends short of its card (the visitor took over) hands the position back to the row.
  useEffect(() => {
    const el = track.current;
    const end = () => {
      aim.current = undefined;
      sync();
    };
    el?.addEventListener('scrollend', end);
    return () => el?.removeEventListener('scrollend', end);
  });
  if (last === 0) return <Card item={items[0]!} ratio={ratio} to={messageId} />;

  const rtl = () => !!track.current && getComputedStyle(track.current).direction === 'rtl';
  const card = (i: number) => track.current?.children[i] as HTMLElement | undefined;
  const go = (to: number, focus?: boolean) => {
    const i = Math.max(0, Math.min(last, to));
    const el = card(i);
    if (!el) return;
    aim.current = i === at() ? undefined : i;
    setIndex(i);
    // Smoothness comes from CSS scroll-behavior, which is off under prefers-reduced-motion.
    if (rtl()) {
      // scrollLeft runs from 0 down to negative in right-to-left layouts: align the card's right edge instead.
      const box = track.current!.getBoundingClientRect();
      track.current!.scrollBy({ left: el.getBoundingClientRect().right - box.right });
    } else track.current!.scrollTo({ left: el.offsetLeft });
    if (focus) el.focus({ preventScroll: true });
  };
  /** The card the track shows now, from its scroll position (undefined before layout). */
  const at = (): number | undefined => {
    const el = track.current;
    const size = Math.abs((card(1)?.offsetLeft ?? 0) - (card(0)?.offsetLeft ?? 0));
    if (!el || size === 0) return undefined;
    // scrollLeft runs negative in right-to-left layouts.
    const pos = Math.abs(el.scrollLeft);
    return pos + el.clientWidth >= el.scrollWidth - 2 ? last : Math.round(pos / size);
  };
  // Keep the buttons right when the visitor swipes or tabs into a card (which scrolls natively).
  const sync = () => {
    const i = at();
    if (i === undefined || (aim.current !== undefined && i !== aim.current)) return;
    aim.current = undefined;
    setIndex(i);
  };
  const nav = (label: string, d: string, to: number, off: boolean) => (
    <button type="button" data-chatport="carousel-nav" aria-label={label} aria-controls={id} aria-disabled={off ? 'true' : undefined} onClick={() => off || go(to)}>
      <Arrow d={d} />
    </button>
  );

  return (
    // biome-ignore lint/a11y/useSemanticElements: the carousel pattern (WAI-ARIA APG) is a labelled group, not a form's fieldset
    <div role="group" aria-roledescription="carousel" aria-label={t.cards(items.length)} data-chatport="carousel">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys pressed on a focused card bubble here and move between cards */}
      <div
        ref={track}
        id={id}
        data-chatport="track"
        onScroll={sync}
        onKeyDown={(e) => {
          // The arrow pointing at the next card moves forward: left in right-to-left languages.
          const key = rtl() && e.key.startsWith('Arrow') ? (e.key === 'ArrowLeft' ? 'ArrowRight' : 'ArrowLeft') : e.key;
          const move = KEYS[key];
          const from = (e.target as Element).closest('[data-chatport="card"]');
          if (!move || !from) return;
          e.preventDefault();
          go(move([...track.current!.children].indexOf(from), last), true);
        }}
      >
        {items.map((item, i) => (
          <Card item={item} ratio={ratio} to={messageId} role="group" aria-roledescription="slide" aria-label={r.slide(i + 1, items.length)} tabIndex={i === index ? 0 : -1} />
        ))}
      </div>
      <div data-chatport="carousel-controls">
        {/* aria-disabled, not disabled: the focused button keeps its focus at the end of the row. */}
        {nav(r.previous, 'M15 6l-6 6 6 6', index - 1, index === 0)}
        {nav(r.next, 'M9 6l6 6-6 6', index + 1, index === last)}
      </div>
    </div>
  );
};
