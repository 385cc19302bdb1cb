import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Two builds into dist/: the widget (ES module, hashed, long-cacheable) and then, with `--mode loader`,
// the loader `embed.js` (a classic script, stable name) that knows the widget's hashed file name.
const widgetFile = (): string => {
  const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8')) as Record<string, { file: string }>;
  const entry = manifest['src/widget/main.tsx'];
  if (!entry) throw new Error('dist/.vite/manifest.json has no src/widget/main.tsx: run the widget build first');
  return entry.file;
};

const jsxRuntime = fileURLToPath(new URL('src/widget/jsx-runtime.ts', import.meta.url));

export default defineConfig(({ mode }) => ({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // JSX goes through Preact's createElement (src/widget/jsx-runtime.ts), in the build and in tests alike.
  resolve: { alias: { 'preact/jsx-runtime': jsxRuntime, 'preact/jsx-dev-runtime': jsxRuntime } },
  define: mode === 'loader' ? { __CHATPORT_WIDGET__: JSON.stringify(widgetFile()) } : {},
  build:
    mode === 'loader'
      ? {
          outDir: 'dist',
          emptyOutDir: false,
          target: 'es2022',
          rollupOptions: {
            input: 'src/loader/index.ts',
            output: { format: 'iife', entryFileNames: 'embed.js' },
          },
        }
      : {
          outDir: 'dist',
          emptyOutDir: true,
          target: 'es2022',
          manifest: true,
          // Browsers with logical properties, :is() and Object.hasOwn: older targets make the CSS minifier expand every
          // logical property into :lang() fallbacks, which more than doubles the stylesheet.
          cssTarget: ['chrome105', 'edge105', 'firefox110', 'safari15.4'],
          // Library mode: lazy chunks are plain import()s relative to the widget module, without the app build's
          // preload helper (about 0.7 KB, and it would add <link> elements to the host page's head).
          lib: { entry: 'src/widget/main.tsx', formats: ['es'] },
          minify: true,
          modulePreload: false,
          rollupOptions: {
            input: 'src/widget/main.tsx',
            // Keep `mount` exported (the loader import()s this module and calls it); lazy chunks may import shared code from it.
            preserveEntrySignatures: 'allow-extension',
            output: {
              format: 'es',
              minify: true,
              // Library mode keeps /* @__PURE__ */ marks for a later bundler; browsers run this output as is (about 0.1 KB gzip).
              comments: { annotation: false },
              entryFileNames: 'assets/widget-[hash].js',
              chunkFileNames: 'assets/[name]-[hash].js',
            },
          },
        },
  test: {
    // One throwaway Postgres and Redis per run, shared by the projects below (each test file makes its own database).
    globalSetup: ['server/integration/engines-setup.testing.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'src/widget/**', 'src/loader/**', 'node_modules/**'],
        },
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
