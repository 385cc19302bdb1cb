import { describe, expect, it } from 'vitest';
import { contrast, NEAR_BLACK, parseColor, textOn, WHITE } from './theme.ts';

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
});
