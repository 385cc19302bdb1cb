import type { IncomingMessage, ServerResponse } from 'node:http';

export interface CorsOptions {
  /** Exact origins (scheme://host[:port]) that may call the visitor API. */
  origins: readonly string[];
  maxAgeSeconds?: number;
}

/**
 * Adds CORS headers for allowed origins. Returns true when the request was a preflight and has been answered.
 * A disallowed origin gets no CORS headers, so the browser blocks the response.
 */
export const createCors = ({ origins, maxAgeSeconds = 600 }: CorsOptions) => {
  const allowed = new Set(origins);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const origin = req.headers.origin;
    const ok = origin !== undefined && allowed.has(origin);
    if (ok) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
    }
    if (req.method !== 'OPTIONS') return false;
    if (ok) {
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-allow-headers', 'authorization, content-type, last-event-id');
      res.setHeader('access-control-max-age', String(maxAgeSeconds));
    }
    res.writeHead(ok ? 204 : 403).end();
    return true;
  };
};
