import type Database from 'better-sqlite3';
import type { Visitor } from '../types.ts';

export interface VisitorCacheOptions {
  /** The most visitors kept; the one cached first is dropped first. */
  size?: number;
  /** How often, at most, SQLite is asked whether another connection changed the database (ms). */
  checkMs?: number;
  now?: () => number;
}

/**
 * The visitors last read, for the lookup every push makes (routing by our visitor id). The store forgets a visitor
 * it changes or erases itself; a change committed by another connection (`chatport visitor erase` beside the running
 * relay) empties the cache, as SQLite's data_version tells, asked at most every `checkMs`: within that moment a push
 * for a visitor erased elsewhere fails to store (the platform retries it and then hears 404), it is never misrouted.
 */
export const createVisitorCache = (db: Database.Database, { size = 10_000, checkMs = 100, now = () => performance.now() }: VisitorCacheOptions = {}) => {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  const entries = new Map<string, Visitor>();
  let version = dataVersion.get();
  let checkedAt = now();

  const current = () => {
    const at = now();
    if (at - checkedAt < checkMs) return;
    checkedAt = at;
    const seen = dataVersion.get();
    if (seen !== version) entries.clear();
    version = seen;
  };

  return {
    /** A copy of the visitor, from the cache or `load`. */
    get(visitorId: string, load: (visitorId: string) => Visitor | undefined): Visitor | undefined {
      current();
      let visitor = entries.get(visitorId);
      if (!visitor) {
        visitor = load(visitorId);
        if (!visitor) return undefined;
        if (entries.size >= size) entries.delete(entries.keys().next().value!);
        entries.set(visitorId, visitor);
      }
      return { ...visitor };
    },
    forget(visitorId: string): void {
      entries.delete(visitorId);
    },
    clear(): void {
      entries.clear();
    },
    size: (): number => entries.size,
  };
};
