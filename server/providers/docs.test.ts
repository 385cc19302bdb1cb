import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageFile } from '../package/files.ts';
import { PLATFORMS } from './index.ts';

// Code cites the platform notes by section (`docs/platforms/chatwoot.md#identity`): each citation must lead somewhere.

const walk = (dir: string): string[] =>
  readdirSync(packageFile(dir)).flatMap((name) => {
    const path = posix.join(dir, name);
    return statSync(packageFile(path)).isDirectory() ? walk(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

/** The anchors a Markdown renderer gives a file's headings: lower case, punctuation dropped, spaces as hyphens. */
const anchors = (markdown: string): Set<string> =>
  new Set(
    [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map(({ 1: title }) =>
      title!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );

describe('platform notes', () => {
  it('exist for every platform in the list', () => {
    for (const { name } of PLATFORMS) expect(() => statSync(packageFile(`docs/platforms/${name}.md`)), name).not.toThrow();
  });

  it('have every section the code cites', () => {
    const cited = [...walk('server'), ...walk('e2e')].flatMap((file) =>
      [...readFileSync(packageFile(file), 'utf8').matchAll(/docs\/platforms\/([\w-]+\.md)((?:#[\w-]+)?)/g)].map(({ 1: doc, 2: anchor }) => ({
        file,
        doc: doc!,
        anchor: anchor!.slice(1),
      })),
    );
    expect(cited.length).toBeGreaterThan(40);
    const missing = cited.filter(({ doc, anchor }) => {
      const path = packageFile(`docs/platforms/${doc}`);
      try {
        return anchor !== '' && !anchors(readFileSync(path, 'utf8')).has(anchor);
      } catch {
        return true;
      }
    });
    expect(missing).toEqual([]);
  });
});
