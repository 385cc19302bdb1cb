import { boot } from './boot.ts';

// The classic embed script (dist/embed.js). currentScript is only set while the script first runs.
boot({ widget: __CHATPORT_WIDGET__, script: document.currentScript as HTMLScriptElement | null });
