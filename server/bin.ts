#!/usr/bin/env node
// The package's `chatport` command, compiled to lib/server/bin.js. `server/bin.mjs` runs the same command from the
// TypeScript sources (tests, no build needed).
import './cli.ts';
