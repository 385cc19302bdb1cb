/**
 * Colour maths for the theme: text on the primary colour is whichever of white / near-black contrasts more, and text or
 * controls drawn in the primary colour use a shade of it that reads on the panel (WCAG AA) in the light and dark themes.
 */

export type Rgb = readonly [number, number, number];

export const WHITE = '#ffffff';
export const NEAR_BLACK = '#111827';

/** `#rgb`, `#rrggbb` (alpha ignored) or `rgb(r, g, b)` / `rgb(r g b)`; undefined for anything else. */
export const parseColor = (input: string): Rgb | undefined => {
  const s = input.trim().toLowerCase();
  let m = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(s);
  if (m) {
    const h = m[1] as string;
    const full = h.length <= 4 ? [...h.slice(0, 3)].map((c) => c + c).join('') : h.slice(0, 6);
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as unknown as Rgb;
  }
  m = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/.exec(s);
  return m ? ([+m[1]!, +m[2]!, +m[3]!].map((v) => Math.min(255, v)) as unknown as Rgb) : undefined;
};

/** WCAG 2.x relative luminance. */
const luminance = ([r, g, b]: Rgb): number => {
  const lin = (v: number) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};

/** WCAG contrast ratio, 1..21. */
export const contrast = (a: Rgb, b: Rgb): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

/** White or near-black, whichever reads better on `color`; undefined when `color` cannot be parsed. */
export const textOn = (color: string): string | undefined => {
  const rgb = parseColor(color);
  if (!rgb) return undefined;
  return contrast(rgb, [255, 255, 255]) >= contrast(rgb, parseColor(NEAR_BLACK)!) ? WHITE : NEAR_BLACK;
};

/** The light theme's darkest surface (a bot bubble, #f1f5f9) and the dark theme's lightest (#1e293b): the worst cases. */
const LIGHT_SURFACE: Rgb = [241, 245, 249];
const DARK_SURFACE: Rgb = [30, 41, 59];

/**
 * `color` itself when it reads on `surface` as text (4.5:1, so also as a control's edge or icon, 3:1), else mixed
 * towards black (`to` 0) or white (255) just enough that it does: a yellow brand gets a readable olive on white.
 */
const readable = (color: Rgb, surface: Rgb, to: number): string => {
  let shade = color;
  for (let step = 0; contrast(shade, surface) < 4.5; ) {
    step += 0.05;
    shade = color.map((v) => v + (to - v) * step) as unknown as Rgb;
  }
  return `rgb(${shade.map(Math.round)})`;
};

/** The brand colour's readable shades for the light and dark themes (`--cp-link-l`, `--cp-link-d`); none for a colour that cannot be parsed. */
export const linkShades = (color: string) => {
  const rgb = parseColor(color);
  return rgb && { '--cp-link-l': readable(rgb, LIGHT_SURFACE, 0), '--cp-link-d': readable(rgb, DARK_SURFACE, 255) };
};
