import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createDiskBlobs } from '../uploads/disk.ts';
import { argsProblem, databaseIn, dataDirOf, schemaProblem, type CommandIo } from './data-dir.ts';

export const STORE_USAGE = `Usage: chatport store copy --from <data dir> --to <postgres URL>

Copies a relay's SQLite data directory into a Postgres database, for moving a relay onto Postgres (DATABASE_URL):
visitors, conversations (their numbers and delivery marks), messages (seq, versions, the platform's ids and
order), platform links, uploads with their bytes, and the messages still waiting for delivery. Stop the relay
first; start it on Postgres when the copy is done.

Running it again copies nothing twice: rows and files already in the target are checked and kept. A target
that holds different data under the same ids (another relay's database, or one that has been used since the
first copy) is refused, and its rows are left as they were.

Options:
  --from <dir>   the relay's data directory (default: DATA_DIR, else ./data)
  --to <url>     the Postgres database, postgres://… (default: DATABASE_URL)
  -h, --help     this help

Progress goes to stderr, the summary to stdout.
Exit status: 0 done, 1 the copy failed or was refused, 2 bad options.`;

const FLAGS = { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Progress lines: each step's start and end, and in between at most one a second (a big table is not silent). */
const progressPrinter = (io: CommandIo, now: () => number = Date.now) => {
  let lastAt = -Infinity;
  return ({ label, done, total }: { label: string; done: number; total: number }) => {
    if (done > 0 && done < total && now() - lastAt < 1000) return;
    lastAt = now();
    io.stderr(`chatport store copy: ${label} ${done}/${total}\n`);
  };
};

/** `chatport store copy …`; returns the exit status. */
export const runStore = async (argv: string[], io: CommandIo): Promise<number> => {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`chatport store: ${argsProblem(error)}\nRun \`chatport store --help\` for details.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(STORE_USAGE + '\n');
    return 0;
  }
  const problems: string[] = [];
  if (positionals.length !== 1 || positionals[0] !== 'copy') problems.push('expected `store copy --from <data dir> --to <postgres URL>`');
  const to = values.to?.trim() || io.env['DATABASE_URL']?.trim();
  // The URL holds a password: never shown back, whatever is wrong with it.
  if (!to) problems.push('expected --to <postgres URL> (or DATABASE_URL)');
  else if (!/^postgres(ql)?:\/\//i.test(to) || !URL.canParse(to)) problems.push('--to is not a postgres:// or postgresql:// URL (the value is not shown: it may hold a password)');
  if (problems.length > 0) {
    io.stderr(`chatport store: ${problems.join('; ')}\nRun \`chatport store --help\` for details.\n`);
    return 2;
  }

  const dataDir = dataDirOf(values.from, io.env);
  const database = databaseIn(dataDir);
  const schema = 'problem' in database ? database.problem : schemaProblem(database.file);
  if (schema !== undefined) {
    io.stderr(`chatport store copy: ${schema}\n`);
    return 1;
  }
  // Loaded here: only this command and a relay on Postgres need the driver.
  const { createPostgresStore } = await import('../store/postgres/index.ts');
  const { copySqliteToPostgres } = await import('../store/postgres/copy.ts');
  const { describeDatabase } = await import('../store/postgres/database.ts');
  const { createPostgresBlobs } = await import('../uploads/postgres.ts');
  const shown = describeDatabase(to!);
  const source = new Database((database as { file: string }).file, { fileMustExist: true });
  let target;
  try {
    source.pragma('busy_timeout = 5000');
    io.stderr(`chatport store copy: from ${dataDir} to ${shown}\n`);
    target = await createPostgresStore({ url: to!, poolSize: 2 });
    const counts = await copySqliteToPostgres({
      source,
      sourceBlobs: createDiskBlobs({ dir: join(dataDir, 'uploads') }),
      pool: target.pool,
      targetBlobs: createPostgresBlobs({ pool: target.pool }),
      progress: progressPrinter(io),
    });
    // "label count" pairs: no plural forms to get wrong.
    const listed = (rows: Record<string, number>, files: number) => [...Object.entries(rows).map(([label, count]) => `${label} ${count}`), `upload files ${files}`].join(', ');
    const kept = Object.values(counts.present).reduce((sum, count) => sum + count, 0) + counts.files.present;
    io.stdout(
      `Copied to ${shown}: ${listed(counts.copied, counts.files.copied)} (${megabytes(counts.files.bytes)}).\n` +
        (kept > 0 ? `Already there and identical, kept: ${listed(counts.present, counts.files.present)}.\n` : '') +
        (counts.files.missing.length > 0 ? `Not in ${join(dataDir, 'uploads')} (removed since their record was written): ${counts.files.missing.join(', ')}.\n` : ''),
    );
    return 0;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const hint =
      error instanceof Error && error.name === 'CopyConflictError'
        ? '; nothing was changed: copy into an empty database, or one this data directory was copied into and that has not been used since'
        : '';
    io.stderr(`chatport store copy: ${reason}${hint}\n`);
    return 1;
  } finally {
    source.close();
    await target?.close();
  }
};
