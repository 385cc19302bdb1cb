import { readFileSync } from 'node:fs';
import { packageFile } from './package/files.ts';

/** The package's version (package.json), as `chatport --version` prints it and /metrics reports it. */
export const readVersion = (): string => (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
