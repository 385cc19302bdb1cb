import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Context {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
}
export type Handler = (ctx: Context) => unknown;

interface Route {
  method: string;
  /** As registered, e.g. `/files/:token/:name`: what logs and metrics name a request by, never its actual path. */
  pattern: string;
  parts: string[];
  handler: Handler;
}

/** Minimal method + path router; `:name` segments become params. Returns 'not_found' or 'method_not_allowed'. */
export const createRouter = () => {
  const routes: Route[] = [];
  const add = (method: string, path: string, handler: Handler) => {
    routes.push({ method, pattern: path, parts: path.split('/').filter(Boolean), handler });
  };
  const match = (method: string, pathname: string) => {
    const parts = pathname.split('/').filter(Boolean);
    let pathMatched = false;
    for (const route of routes) {
      const params = matchParts(route.parts, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { handler: route.handler, params, pattern: route.pattern };
    }
    return pathMatched ? 'method_not_allowed' : 'not_found';
  };
  return {
    get: (path: string, handler: Handler) => add('GET', path, handler),
    post: (path: string, handler: Handler) => add('POST', path, handler),
    match,
    /** The pattern of the first route whose path matches, whatever its method (CORS preflights, 405s). */
    patternOf: (pathname: string): string | undefined => {
      const parts = pathname.split('/').filter(Boolean);
      return routes.find((route) => matchParts(route.parts, parts))?.pattern;
    },
  };
};

const matchParts = (pattern: string[], parts: string[]): Record<string, string> | undefined => {
  const last = pattern[pattern.length - 1];
  const rest = last === '*';
  if (rest ? parts.length < pattern.length - 1 : parts.length !== pattern.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === '*') {
      params['*'] = parts.slice(i).join('/');
      break;
    }
    const value = parts[i]!;
    if (p.startsWith(':')) params[p.slice(1)] = safeDecode(value);
    else if (p !== value) return undefined;
  }
  return params;
};

const safeDecode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};
