import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en, type Strings } from './en.ts';

export { en, type Strings };

/** Each other locale is its own small chunk, fetched only when chosen. */
const LOCALES: Record<string, () => Promise<{ strings: Strings }>> = {
  es: () => import('./es.ts'),
  fr: () => import('./fr.ts'),
  de: () => import('./de.ts'),
  pt: () => import('./pt.ts'),
  ar: () => import('./ar.ts'),
};

export const LOCALE_CODES = ['en', ...Object.keys(LOCALES)];

/** The supported base language of a tag (`pt-BR` → `pt`), or undefined. */
const base = (tag: string | null | undefined): string | undefined => {
  const code = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return code && LOCALE_CODES.includes(code) ? code : undefined;
};

/**
 * The site's choice, else the page's `<html lang>`, else the first of the browser's languages we have; English when
 * none fits. A tag we do not have falls through to the next source.
 */
export const pickLocale = (choice: string | undefined, pageLang: string | null | undefined, browser: readonly string[] = []): string =>
  base(choice) ?? base(pageLang) ?? browser.map(base).find(Boolean) ?? 'en';

/** The strings of a supported locale; English when its chunk cannot be fetched (offline, blocked). */
export const loadStrings = async (locale: string): Promise<Strings> => {
  const load = LOCALES[locale];
  if (!load) return en;
  try {
    return (await load()).strings;
  } catch {
    return en;
  }
};

export const StringsContext = createContext<Strings>(en);
export const useStrings = (): Strings => useContext(StringsContext);
