import { describe, expect, it } from 'vitest';
import { en, type Strings } from './en.ts';
import { loadStrings, LOCALE_CODES, pickLocale } from './index.ts';
import { convEn } from './conversation.ts';
import { richEn } from './rich.ts';

describe('pickLocale', () => {
  it('takes the site option first, mapping a region to its base language', () => {
    expect(pickLocale('pt-BR', 'de', ['fr'])).toBe('pt');
    expect(pickLocale('ES', undefined)).toBe('es');
  });
  it('falls back to the page language, then the browser languages, then English', () => {
    expect(pickLocale(undefined, 'ar-EG', ['fr'])).toBe('ar');
    expect(pickLocale('xx', '', ['ja', 'de-AT'])).toBe('de');
    expect(pickLocale(undefined, 'ja', ['zh-CN'])).toBe('en');
    expect(pickLocale(undefined, null)).toBe('en');
  });
});

describe('locales', () => {
  it('have every English string, the same kinds of value, and Arabic is right-to-left', async () => {
    for (const code of LOCALE_CODES) {
      const strings = await loadStrings(code);
      expect(
        Object.keys(strings)
          .filter((key) => key !== 'rich' && key !== 'conv')
          .sort(),
        code,
      ).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en) as (keyof typeof en)[]) expect(typeof strings[key], `${code}.${key}`).toBe(typeof en[key]);
      expect(strings.dir).toBe(code === 'ar' ? 'rtl' : 'ltr');
      if (code !== 'en') expect(strings.openChat).not.toBe(en.openChat);
    }
  });
  it('carry the templates’ words too (English’s come with the templates, not the first load)', async () => {
    expect((en as Strings).rich).toBeUndefined();
    for (const code of LOCALE_CODES.filter((c) => c !== 'en')) {
      const rich = (await loadStrings(code)).rich;
      expect(Object.keys(rich ?? {}).sort(), code).toEqual(Object.keys(richEn).sort());
      for (const key of Object.keys(richEn) as (keyof typeof richEn)[]) expect(typeof rich![key], `${code}.rich.${key}`).toBe(typeof richEn[key]);
      expect(rich!.levels, code).toHaveLength(5);
      expect(rich!.levels.every((level) => level.length > 0)).toBe(true);
      expect(rich!.rate(4, rich!.levels[3]!)).toContain('4');
      expect(rich!.feedback, code).not.toBe(richEn.feedback);
    }
    expect(richEn.rate(4, richEn.levels[3]!)).toBe('4 of 5, happy');
  });
  it('carry the conversation chunk’s words too, each a function where English’s is', async () => {
    expect((en as Strings).conv).toBeUndefined();
    for (const code of LOCALE_CODES.filter((c) => c !== 'en')) {
      const conv = (await loadStrings(code)).conv;
      expect(Object.keys(conv ?? {}).sort(), code).toEqual(Object.keys(convEn).sort());
      for (const key of Object.keys(convEn) as (keyof typeof convEn)[]) expect(typeof conv![key], `${code}.conv.${key}`).toBe(typeof convEn[key]);
      expect(conv!.away('Monday 09:00'), code).toContain('Monday 09:00');
      expect(conv!.away(), code).not.toContain('undefined');
      expect(conv!.from('Nora'), code).toContain('Nora');
    }
  });
  it('uses English for an unknown locale', async () => {
    expect(await loadStrings('xx')).toBe(en);
  });
});
