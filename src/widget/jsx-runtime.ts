// The JSX runtime the widget is built and tested with (vite.config.ts resolves `preact/jsx-runtime` here): Preact's own
// createElement, which the bundle carries anyway, instead of the runtime's second vnode factory (~0.1 KB gzip less
// before the first message). createElement takes `key` and `ref` out of the props just as the runtime does.
import { createElement, Fragment, type ComponentType } from 'preact';

export { Fragment };

export const jsx = (type: string | ComponentType, props: Record<string, unknown>, key?: unknown) => createElement(type, key === undefined ? props : { ...props, key });

export { jsx as jsxs, jsx as jsxDEV };
