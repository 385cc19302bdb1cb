import { readFileSync } from 'node:fs';

/**
 * The process's open-file (descriptor) soft limit, from /proc/self/limits (Linux); undefined where it cannot be read
 * or is unlimited. Every open connection, stream or file takes one.
 */
export const readOpenFileLimit = (read: () => string = () => readFileSync('/proc/self/limits', 'utf8')): number | undefined => {
  try {
    const line = read()
      .split('\n')
      .find((text) => text.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
    return soft !== undefined && /^\d+$/.test(soft) ? Number(soft) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * How many streams a relay holds under `limit` open files: a tenth of them, and at least 64, stay free for what must
 * keep working when streams are many — platform webhooks, visitor requests, health checks, the database, uploads,
 * deliveries to the platform.
 */
export const streamCapFor = (limit: number): number => Math.max(1, limit - Math.max(64, Math.ceil(limit / 10)));
