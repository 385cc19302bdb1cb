import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { loadStrings, LOCALE_CODES, pickLocale } from './index.ts';

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
      expect(Object.keys(strings).sort(), code).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en) as (keyof typeof en)[]) expect(typeof strings[key], `${code}.${key}`).toBe(typeof en[key]);
      expect(strings.dir).toBe(code === 'ar' ? 'rtl' : 'ltr');
      if (code !== 'en') expect(strings.openChat).not.toBe(en.openChat);
    }
  });
  it('uses English for an unknown locale', async () => {
    expect(await loadStrings('xx')).toBe(en);
  });
});
