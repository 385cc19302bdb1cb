#!/usr/bin/env node
// `chatport` from the TypeScript sources through tsx's loader (tests spawn it; no build needed). The installed
// package runs the compiled lib/server/bin.js instead (see bin.ts).
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
