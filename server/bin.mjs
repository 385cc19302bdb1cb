#!/usr/bin/env node
// `npx chatport serve`: runs the TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
