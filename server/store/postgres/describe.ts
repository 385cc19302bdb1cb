// Apart from database.ts so a relay that does not use Postgres can name a database without loading the driver.

/** DATABASE_URL as it may be shown: scheme, host, port and database, never the user or password. */
export const describeDatabase = (url: string): string => {
  try {
    const { protocol, hostname, port, pathname } = new URL(url);
    return `${protocol}//${hostname || 'localhost'}${port ? `:${port}` : ''}${pathname}`;
  } catch {
    return 'the database';
  }
};
