import { describe, expect, it } from 'vitest';
import { contrast, linkShades, NEAR_BLACK, parseColor, textOn, WHITE } from './theme.ts';

describe('theme colours', () => {
  it('parses hex and rgb() colours and refuses anything else', () => {
    expect(parseColor('#0a7')).toEqual([0, 170, 119]);
    expect(parseColor(' #2563EB ')).toEqual([37, 99, 235]);
    expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
    expect(parseColor('rgb(1 2 3 / 50%)')).toEqual([1, 2, 3]);
    expect(parseColor('red; background: url(x)')).toBeUndefined();
    expect(parseColor('')).toBeUndefined();
  });

  it('computes WCAG contrast ratios', () => {
    expect(contrast([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrast([255, 255, 255], [255, 255, 255])).toBe(1);
    // #767676 on white is the classic 4.54:1.
    expect(contrast([118, 118, 118], [255, 255, 255])).toBeCloseTo(4.54, 2);
  });

  it('picks the text colour with the higher ratio against the primary', () => {
    expect(textOn('#2563eb')).toBe(WHITE);
    expect(textOn('#000')).toBe(WHITE);
    expect(textOn('#ffeb3b')).toBe(NEAR_BLACK);
    expect(textOn('#fff')).toBe(NEAR_BLACK);
    // Mid tones: the choice follows the computed ratios, whichever they favour.
    for (const c of ['#777777', '#00aa77', '#ff5722', '#808080', '#3b82f6']) {
      const rgb = parseColor(c)!;
      const other = textOn(c) === WHITE ? NEAR_BLACK : WHITE;
      expect(contrast(rgb, parseColor(textOn(c)!)!)).toBeGreaterThanOrEqual(contrast(rgb, parseColor(other)!));
    }
    expect(textOn('nope')).toBeUndefined();
  });

  it('derives a shade of the brand colour that reads as text on the light and dark panels, the colour itself when it already does', () => {
    const light = parseColor('#f1f5f9')!;
    const dark = parseColor('#1e293b')!;
    for (const brand of ['#ffd400', '#00ff00', '#00ffff', '#ffffff', '#000000', '#000080', '#2563eb', '#ff5722', '#777777']) {
      const { '--cp-link-l': l, '--cp-link-d': d } = linkShades(brand)!;
      expect(contrast(parseColor(l)!, light), `${brand} on light`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(parseColor(d)!, dark), `${brand} on dark`).toBeGreaterThanOrEqual(4.5);
    }
    // Yellow darkens into an olive on light and stays itself on dark; navy is the other way round.
    expect(linkShades('#ffd400')).toEqual({ '--cp-link-l': expect.not.stringMatching(/^rgb\(255,212,0\)$/), '--cp-link-d': 'rgb(255,212,0)' });
    expect(linkShades('#000080')?.['--cp-link-l']).toBe('rgb(0,0,128)');
    expect(linkShades('nope')).toBeUndefined();
  });
});
