import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Two builds into dist/: the widget (ES module, hashed, long-cacheable) and then, with `--mode loader`,
// the loader `embed.js` (a classic script, stable name) that knows the widget's hashed file name.
const widgetFile = (): string => {
  const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8')) as Record<string, { file: string }>;
  const entry = manifest['src/widget/main.tsx'];
  if (!entry) throw new Error('dist/.vite/manifest.json has no src/widget/main.tsx: run the widget build first');
  return entry.file;
};

export default defineConfig(({ mode }) => ({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: mode === 'loader' ? { __CHATPORT_WIDGET__: JSON.stringify(widgetFile()) } : {},
  build:
    mode === 'loader'
      ? {
          outDir: 'dist',
          emptyOutDir: false,
          target: 'es2020',
          rollupOptions: {
            input: 'src/loader/index.ts',
            output: { format: 'iife', entryFileNames: 'embed.js' },
          },
        }
      : {
          outDir: 'dist',
          emptyOutDir: true,
          target: 'es2020',
          manifest: true,
          // Lazy chunks are imported relative to the widget module; no preload helper touching the host page.
          modulePreload: false,
          rollupOptions: {
            input: 'src/widget/main.tsx',
            // Keep `mount` exported (the loader import()s this module and calls it); lazy chunks may import shared code from it.
            preserveEntrySignatures: 'allow-extension',
            output: { format: 'es', entryFileNames: 'assets/widget-[hash].js', chunkFileNames: 'assets/[name]-[hash].js' },
          },
        },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', environment: 'node', include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'bench/**/*.test.ts'], exclude: ['**/*.int.test.ts', 'src/widget/**', 'src/loader/**', 'node_modules/**'] },
      },
      {
        extends: true,
        test: { name: 'component', environment: 'happy-dom', include: ['src/widget/**/*.test.{ts,tsx}', 'src/loader/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'integration', environment: 'node', include: ['server/**/*.int.test.ts'], testTimeout: 20_000 },
      },
    ],
  },
}));
