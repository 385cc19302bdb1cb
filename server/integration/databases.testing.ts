import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The run's Postgres admin URL, or undefined when the engines are optional here and Postgres did not start. */
export const postgresAdminUrl = (): string | undefined => inject('postgresUrl') ?? undefined;

/** Why Postgres or Redis tests cannot run here (for a skipped suite's title). */
export const enginesProblem = (): string => inject('enginesProblem') ?? 'no test engines';

const withAdmin = async <T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/** The URL of `name` on the same server as `adminUrl`. */
export const databaseUrl = (adminUrl: string, name: string): string => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
};

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A new empty database on the run's Postgres (a test file's own, or a test's own): names are random, so test files
 * running side by side never meet. `drop` ends whatever is still connected to it.
 */
export const createTestDatabase = async (adminUrl: string, prefix = 'test'): Promise<TestDatabase> => {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`.toLowerCase();
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: databaseUrl(adminUrl, name),
    name,
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
};

/**
 * A fresh schema in the database at `url`, and a URL whose connections work in it (search_path): a new empty store
 * in a few milliseconds, where a new database takes a few hundred.
 */
export const createTestSchema = async (url: string, name: string): Promise<string> => {
  await withAdmin(url, (client) => client.query(`CREATE SCHEMA "${name}"`));
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${name}`);
  return scoped.href;
};
