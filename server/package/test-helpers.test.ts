import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageFile } from './files.ts';

// Tests are `*.test.ts` (Playwright's `*.spec.ts`); code that only tests use is `*.testing.ts` (CONTRIBUTING.md). The
// build and the package leave both out by those names alone, so these checks keep the names true.

const walk = (dir: string): string[] =>
  readdirSync(packageFile(dir)).flatMap((name) => {
    const path = posix.join(dir, name);
    return statSync(packageFile(path)).isDirectory() ? walk(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

const isTest = (file: string) => /\.(test|spec)\.tsx?$/.test(file);
const isHelper = (file: string) => /\.testing\.tsx?$/.test(file);
const source = (file: string) => readFileSync(packageFile(file), 'utf8');

/** Every module a file names (static, dynamic, re-exports): packages as given, relative paths resolved. */
const imports = (file: string): string[] =>
  [...source(file).matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)].map(({ 1: specifier }) =>
    specifier!.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), specifier!)) : specifier!,
  );

const TEST_PACKAGES = /^(vitest|@playwright\/test|@testing-library\/|fast-check|happy-dom)/;
/** Where the package's JavaScript starts: the relay's command, and the public QA kit's two entries. */
const ENTRIES = ['server/bin.ts', 'server/testing/index.ts', 'server/testing/playwright.ts'];
/** The public QA kit (`chatport/testing/playwright`) is Playwright code for QA teams: it may use Playwright, nothing else. */
const isKit = (file: string) => file.startsWith('server/testing/');
const kitMayImport = (name: string) => name === '@playwright/test';

describe('test code is named as such', () => {
  const server = walk('server');

  it('only tests and their helpers import a test runner or test library', () => {
    const offending = [...server, ...walk('e2e')].filter(
      (file) => !isTest(file) && !isHelper(file) && imports(file).some((name) => TEST_PACKAGES.test(name) && !(isKit(file) && kitMayImport(name))),
    );
    expect(offending).toEqual([]);
  });

  it('no relay module imports a test or a test helper', () => {
    const offending = server
      .filter((file) => !isTest(file) && !isHelper(file))
      .flatMap((file) =>
        imports(file)
          .filter((name) => isTest(name) || isHelper(name))
          .map((name) => `${file} → ${name}`),
      );
    expect(offending).toEqual([]);
  });

  it('every other module under server/ is part of the relay: reached from its entry point', () => {
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const name of imports(file)) if (name.startsWith('server/')) visit(name);
    };
    ENTRIES.forEach(visit);
    // A module left over here is either a test helper without its name, or code nothing uses.
    expect(server.filter((file) => !isTest(file) && !isHelper(file) && !reached.has(file))).toEqual([]);
  });
});
