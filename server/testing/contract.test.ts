import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageFile } from '../package/files.ts';
import { contractTable, EVENTS, PARTS, wordsFor, type Part } from './contract.ts';

const START = '<!-- selector-contract:start -->';
const END = '<!-- selector-contract:end -->';

describe('the selector contract', () => {
  it('is the table docs/testing.md shows (when the list changes, paste the expected table this prints there)', () => {
    const doc = readFileSync(packageFile('docs/testing.md'), 'utf8');
    const shown = doc.slice(doc.indexOf(START) + START.length, doc.indexOf(END)).trim();
    expect(doc.indexOf(START)).toBeGreaterThan(0);
    expect(shown).toBe(contractTable());
  });

  it('nests every part in a part it names, and lists the events the embed API types', () => {
    const parts = PARTS as Record<string, Part>;
    for (const [name, part] of Object.entries(parts)) if (part.within) expect(parts, `${name} is within ${part.within}`).toHaveProperty(part.within);
    const api = readFileSync(packageFile('src/loader/api.ts'), 'utf8');
    const typed = [...api.matchAll(/'(chatport:\w+)': CustomEvent/g)].map((match) => match[1]);
    expect(Object.keys(EVENTS).sort()).toEqual(typed.sort());
  });

  it('names every part in each language the widget speaks, the launcher with its unread count', () => {
    for (const locale of ['en', 'de', 'es', 'fr', 'pt', 'ar']) {
      const words = wordsFor(locale);
      for (const [name, part] of Object.entries(PARTS as Record<string, Part>)) {
        const spec = part.name?.(words);
        if (spec) expect(spec.text.trim(), `${locale} ${name}`).not.toBe('');
      }
      const launcher = PARTS.launcher.name(words).match as RegExp;
      for (const n of [1, 2, 5, 11, 120]) expect(launcher.test(words.openUnread(n)), `${locale}: ${words.openUnread(n)}`).toBe(true);
      expect(launcher.test(words.closeChat)).toBe(true);
    }
    expect(wordsFor('pt-BR').send).toBe(wordsFor('pt').send);
    expect(wordsFor('xx').send).toBe('Send');
  });
});
