import { useRef } from 'preact/hooks';
import { useRichStrings } from './strings.ts';

export const FACES = ['😞', '😑', '😐', '😀', '😍'];
const SCALE = [1, 2, 3, 4, 5];

export interface RatingScaleProps {
  display: 'emoji' | 'star';
  /** 1–5, or 0 while none is chosen. */
  value: number;
  onChange(rating: number): void;
}

const KEYS: Record<string, (i: number) => number> = {
  ArrowRight: (i) => (i % 5) + 1,
  ArrowDown: (i) => (i % 5) + 1,
  ArrowLeft: (i) => ((i + 3) % 5) + 1,
  ArrowUp: (i) => ((i + 3) % 5) + 1,
  Home: () => 1,
  End: () => 5,
};

/**
 * Five faces as toggle buttons, or five stars as a radio group: one tab stop, arrow keys move and choose (wrapping,
 * mirrored in right-to-left languages), as native radio buttons do.
 */
export const RatingScale = ({ display, value, onChange }: RatingScaleProps) => {
  const r = useRichStrings();
  const group = useRef<HTMLDivElement>(null);
  const name = (i: number) => r.rate(i, r.levels[i - 1] ?? '');
  if (display === 'emoji')
    return (
      // biome-ignore lint/a11y/useSemanticElements: a labelled group of toggle buttons, not a form's fieldset
      <div role="group" aria-label={r.rating} data-chatport="rating" data-display="emoji">
        {SCALE.map((i) => (
          <button type="button" aria-label={name(i)} aria-pressed={value === i} onClick={() => onChange(i)}>
            {FACES[i - 1]}
          </button>
        ))}
      </div>
    );
  return (
    <div
      ref={group}
      role="radiogroup"
      aria-label={r.rating}
      data-chatport="rating"
      data-display="star"
      onKeyDown={(e) => {
        const rtl = getComputedStyle(group.current!).direction === 'rtl';
        const key = rtl && e.key === 'ArrowLeft' ? 'ArrowRight' : rtl && e.key === 'ArrowRight' ? 'ArrowLeft' : e.key;
        const move = KEYS[key];
        const from = [...group.current!.children].indexOf(e.target as Element) + 1;
        if (!move || !from) return;
        e.preventDefault();
        const to = move(from);
        onChange(to);
        (group.current!.children[to - 1] as HTMLElement | undefined)?.focus();
      }}
    >
      {SCALE.map((i) => (
        // biome-ignore lint/a11y/useSemanticElements: the radio group pattern (WAI-ARIA APG) on buttons: roving tabindex, arrow keys, star styling
        <button
          type="button"
          role="radio"
          aria-label={name(i)}
          aria-checked={value === i}
          tabIndex={i === (value || 1) ? 0 : -1}
          data-on={i <= value ? '' : undefined}
          onClick={() => onChange(i)}
        >
          {/* Filled up to the rating, outlined after: not told by colour alone. */}
          {i <= value ? '★' : '☆'}
        </button>
      ))}
    </div>
  );
};
