import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The widget's layers import one way (widget → state → transport → protocol) and only the widget knows Preact: the
// chat model runs on @preact/signals-core alone, so it can be driven and tested without a DOM or a UI library.
const src = new URL('./', import.meta.url);
const imports = (dir: string): Array<[file: string, spec: string]> =>
  readdirSync(new URL(dir, src), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .flatMap((file) =>
      [...readFileSync(new URL(`${dir}/${file}`, src), 'utf8').matchAll(/(?:from|import\(?)\s*'([^']+)'/g)].map((m): [string, string] => [`${dir}/${file}`, m[1]!]),
    );

const PREACT = /^(preact|@preact\/signals$|@preact\/signals\/)/;
const rules: Record<string, RegExp[]> = {
  state: [PREACT, /\.\.\/(widget|loader)\//],
  transport: [PREACT, /^@preact\//, /\.\.\/(state|widget|loader)\//],
  protocol: [PREACT, /^@preact\//, /\.\.\/(transport|state|widget|loader)\//],
};

describe('layers', () => {
  for (const [dir, forbidden] of Object.entries(rules)) {
    it(`src/${dir} imports neither Preact nor a layer above it`, () => {
      const found = imports(dir);
      expect(found.length).toBeGreaterThan(0);
      expect(found.filter(([, spec]) => forbidden.some((rule) => rule.test(spec)))).toEqual([]);
    });
  }
});
