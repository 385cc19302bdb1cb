import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageFile } from '../package/files.ts';

describe("the README's QA kit example", () => {
  it('is e2e/readme-example.spec.ts, which runs with the suite (only the import points at the source)', () => {
    const readme = readFileSync(packageFile('README.md'), 'utf8');
    const opening = '```ts\n// tests/pricing.spec.ts\n';
    const start = readme.indexOf(opening);
    expect(start, 'the example block in README.md').toBeGreaterThan(0);
    const example = readme.slice(start + opening.length, readme.indexOf('```', start + opening.length));
    const spec = readFileSync(packageFile('e2e/readme-example.spec.ts'), 'utf8').split('\n').slice(1).join('\n');
    expect(spec).toBe(example.replace("from 'chatport/testing/playwright';", "from '../server/testing/playwright.ts';"));
  });
});
