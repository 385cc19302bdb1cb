import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// Budgets on the built files (`npm test` builds first). Gzip level 9, as a CDN or the relay serves them.
const LOADER_BUDGET = 1536;
const FIRST_MESSAGE_BUDGET = 20 * 1024;

const dist = new URL('../dist/', import.meta.url);

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

const gzipped = (file: string): number => gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length;

/** The widget entry and everything it imports statically, i.e. what loads before the first message shows. */
const firstLoad = (manifest: Record<string, ManifestChunk>): string[] => {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const next of chunk.imports ?? []) visit(next);
  };
  visit('src/widget/main.tsx');
  return [...files];
};

const over = (size: number, budget: number) => `${size} B gzip, budget ${budget} B: ${size - budget} B over`;

describe('size budgets of the built widget', () => {
  it('has a build to measure', () => {
    expect(existsSync(new URL('.vite/manifest.json', dist)), 'run `npm run build` first').toBe(true);
  });

  it(`keeps the loader (embed.js) within ${LOADER_BUDGET} B gzip`, () => {
    const size = gzipped('embed.js');
    console.info(`embed.js: ${size} B gzip`);
    expect(size, over(size, LOADER_BUDGET)).toBeLessThanOrEqual(LOADER_BUDGET);
  });

  it(`keeps everything before the first message (loader + widget JS + CSS) within ${FIRST_MESSAGE_BUDGET} B gzip`, () => {
    const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8')) as Record<string, ManifestChunk>;
    const files = firstLoad(manifest);
    expect(files.length).toBeGreaterThan(0);
    const sizes = files.map((file) => [file, gzipped(file)] as const);
    const total = gzipped('embed.js') + sizes.reduce((sum, [, size]) => sum + size, 0);
    console.info(`first load: ${total} B gzip (embed.js + ${sizes.map(([file, size]) => `${file} ${size} B`).join(', ')})`);
    expect(total, over(total, FIRST_MESSAGE_BUDGET)).toBeLessThanOrEqual(FIRST_MESSAGE_BUDGET);
  });

  it('carries one copy of @preact/signals-core, which the chat model and the widget share', () => {
    // Every copy throws this error from the same few places: a second copy (another version pulled in) would add more.
    const marks = (text: string) => text.split('Cycle detected').length - 1;
    const core = marks(readFileSync(new URL('../node_modules/@preact/signals-core/dist/signals-core.module.js', import.meta.url), 'utf8'));
    const built = readdirSync(new URL('assets/', dist)).filter((file) => file.endsWith('.js'));
    expect(core).toBeGreaterThan(0);
    expect(built.reduce((sum, file) => sum + marks(readFileSync(new URL(`assets/${file}`, dist), 'utf8')), 0)).toBe(core);
  });
});
