/** The widget module's hashed path relative to the dist root, e.g. `assets/widget-abc123.js` (set by vite.config.ts). */
declare const __CHATPORT_WIDGET__: string;
