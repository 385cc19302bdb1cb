import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest folder at or above `from` that holds a package.json. The relay runs from its TypeScript sources
 * (`server/…`, in development and tests) and compiled (`lib/server/…`, in the installed package): the files it reads at
 * run time are found from the package root, which is the same in both.
 */
export const findPackageRoot = (from: string): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json at or above ${from}`);
  }
};

const root = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/**
 * A file shipped in the package, by its path from the package root: `dist` (the built widget), `index.html` (the demo
 * website), `server/demo/demo.css`, the simulator's media. package.json's `files` lists each of them.
 */
export const packageFile = (path: string): string => join(root, path);
