import { readFileSync } from 'node:fs';

/** The package's version (package.json), as `chatport --version` prints it and /metrics reports it. */
export const readVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
