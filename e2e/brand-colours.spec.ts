import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import { createWidget, expect, test, type Widget } from './fixtures.testing.ts';

// Every text or icon drawn in (or on) the site's brand colour must read: WCAG AA, 4.5:1 for text, 3:1 for the parts
// of controls (a button's fill against the panel, a chip's border, an icon). A spread of brand colours, light and dark.
const BRANDS = { yellow: '#ffd400', lime: '#00ff00', cyan: '#00ffff', white: '#ffffff', black: '#000000', navy: '#000080' };

interface Finding {
  what: string;
  ratio: number;
  need: number;
}

/**
 * Measures, in the page, every visible text of the widget against the background it is drawn on, and the controls
 * that carry the brand colour as a fill, a border or an icon against what surrounds them. Returns what falls short.
 */
const measure = (w: Widget) =>
  w.host.evaluate((host): Finding[] => {
    const root = host.shadowRoot!;
    // Any CSS colour (rgb(), lch(), color()) as sRGB bytes and alpha, through a canvas.
    const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
    const parse = (c: string): [number, number, number, number] => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = c;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
      return [r!, g!, b!, a! / 255];
    };
    const lum = ([r, g, b]: number[]) => {
      const lin = (v: number) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    const ratio = (a: number[], b: number[]) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    /** The first opaque background at or above `el` (the panel's, at worst). */
    const backdrop = (el: Element | null, skipSelf = false): number[] => {
      for (let at = skipSelf ? el?.parentElement : el; at; at = at.parentElement) {
        const bg = parse(getComputedStyle(at).backgroundColor);
        if (bg[3] > 0.9) return bg;
      }
      return [255, 255, 255, 1];
    };
    const visible = (el: Element) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 1 && box.height > 1 && style.visibility !== 'hidden' && !el.closest('[data-chatport="sr-only"], :disabled, [aria-disabled="true"]');
    };
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}[data-chatport=${el.closest('[data-chatport]')?.getAttribute('data-chatport')}] "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    const out: Finding[] = [];
    const check = (what: string, a: number[], b: number[], need: number) => {
      const r = ratio(a, b);
      if (r < need) out.push({ what, ratio: Math.round(r * 100) / 100, need });
    };
    for (const el of root.querySelectorAll('*')) {
      if (!visible(el)) continue;
      const style = getComputedStyle(el);
      const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim() !== '');
      if (ownText) check(`text ${name(el)}`, parse(style.color), backdrop(el), 4.5);
      if (el.tagName === 'svg' && style.stroke !== 'none') check(`icon ${name(el)}`, parse(style.stroke === 'currentcolor' ? style.color : style.stroke), backdrop(el), 3);
      // A control's own fill or border in the brand colour must stand out from what is around it.
      if (el.matches('button, a, [role="button"]')) {
        const bg = parse(style.backgroundColor);
        if (bg[3] > 0.9 && el.matches('[data-chatport="send"], [data-chatport="submit"]')) check(`fill ${name(el)}`, bg, backdrop(el, true), 3);
        const border = parse(style.borderTopColor);
        if (parseFloat(style.borderTopWidth) > 0 && border[3] > 0.9 && bg[3] > 0.9 && ratio(bg, backdrop(el, true)) < 3) check(`border ${name(el)}`, border, backdrop(el, true), 3);
      }
    }
    return out;
  });

/** The bot's buttons (the demo bot's menu), newest last. */
const chips = (w: Widget): Locator => w.messages().and(w.host.locator('[data-kind="buttons"]')).getByRole('button');

for (const theme of ['light', 'dark'] as const) {
  test(`every brand colour reads on the ${theme} theme: texts, icons and controls drawn in it reach WCAG AA`, async ({ browser, relay }) => {
    test.setTimeout(90_000);
    const problems: Record<string, Finding[]> = {};
    for (const [label, color] of Object.entries(BRANDS)) {
      // A visitor of their own for each colour, as on a site of its own: one conversation's worth to measure.
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const w = createWidget(page);
        await page.goto(relay.pageUrl({ widget: { color, theme, botName: 'Nora' } }));
        await w.send('menu');
        await expect(chips(w).first()).toBeVisible();
        // A draft, so the Send button is enabled; a chip focused, so its focus ring shows.
        await w.composer.fill('a draft');
        problems[label] = await measure(w);
        const chip = chips(w).first();
        await chip.focus();
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Tab');
        const ring = await chip.evaluate((el) => {
          const s = getComputedStyle(el);
          return { outline: s.outlineColor, style: s.outlineStyle, bg: getComputedStyle(el.closest('[data-chatport="bubble"]')!).backgroundColor };
        });
        expect(ring.style, label).not.toBe('none');
        const lum = (c: string) => {
          const [r, g, b] = c
            .match(/[\d.]+/g)!
            .map(Number)
            .map((v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const [hi, lo] = [lum(ring.outline), lum(ring.bg)].sort((x, y) => y - x) as [number, number];
        if ((hi + 0.05) / (lo + 0.05) < 3) problems[`${label} focus ring`] = [{ what: 'focus ring', ratio: (hi + 0.05) / (lo + 0.05), need: 3 }];
        const { violations } = await new AxeBuilder({ page }).include('[data-chatport-host]').withRules(['color-contrast']).analyze();
        if (violations.length) problems[`${label} axe`] = violations.flatMap((v) => v.nodes.map((n) => ({ what: `axe ${n.target.join(' ')}`, ratio: 0, need: 4.5 })));
      } finally {
        await context.close();
      }
    }
    expect(Object.fromEntries(Object.entries(problems).filter(([, list]) => list.length > 0))).toEqual({});
  });
}

test('the launcher embed.js draws before the widget loads reads on every brand colour', async ({ page, relay, widget: w }) => {
  // The widget module never arrives: the loader's own launcher stays.
  await page.route('**/assets/widget-*.js', (route) => route.abort());
  const problems: Record<string, Finding[]> = {};
  for (const [label, color] of Object.entries(BRANDS)) {
    await page.goto(relay.pageUrl({ widget: { color } }));
    await expect(w.launcher).toBeVisible();
    await expect(w.launcher).toHaveAccessibleName('Open chat');
    await expect(w.part('root')).toHaveCount(0);
    problems[label] = await measure(w);
  }
  expect(Object.fromEntries(Object.entries(problems).filter(([, list]) => list.length > 0))).toEqual({});
});
