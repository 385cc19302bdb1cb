import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSqliteStore } from '../store/sqlite/index.ts';
import type { Store, Visitor } from '../store/types.ts';
import { createDiskBlobs } from '../uploads/disk.ts';
import { argsProblem, databaseIn, dataDirOf, schemaProblem, type CommandIo } from './data-dir.ts';
import { exportVisitor } from './visitor-export.ts';

export const VISITOR_USAGE = `Usage: chatport visitor erase|export <visitor id | user id> [options]

Answers a person's privacy request from the relay's data directory; safe while the relay runs. The visitor is
named by Chatport's visitor id (v_…, the platform's user id for them) or, for an identified visitor, by your
site's user id.

  erase    delete the visitor with their conversation, messages, queued deliveries, platform link and uploaded
           files, and print what was removed. The bot platform keeps its own copy: erase it there too.
  export   write the visitor, their conversation and messages, and their uploads' details (name, type, size,
           SHA-256) as JSON. File addresses are left out (they are secrets); --files writes the files themselves.

Options:
  --data-dir <dir>   the relay's data directory (default: DATA_DIR, else ./data)
  --out <file>       export: write the JSON to this new file instead of stdout
  --files <dir>      export: also write each uploaded file into this directory, as <upload id>-<name>
  -h, --help         this help

Exit status: 0 done, 1 no such visitor or no database, 2 bad options.`;

const FLAGS = {
  'data-dir': { type: 'string' },
  out: { type: 'string' },
  files: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A visitor id first (it cannot be mistaken for another visitor's), then a site's user id. */
const findVisitor = async (store: Store, idOrUser: string): Promise<Visitor | undefined> => (await store.getVisitor(idOrUser)) ?? (await store.getVisitorByExternalId(idOrUser));

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** `chatport visitor …`; returns the exit status. */
export const runVisitor = async (argv: string[], io: CommandIo): Promise<number> => {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`chatport visitor: ${argsProblem(error)}\nRun \`chatport visitor --help\` for details.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(VISITOR_USAGE + '\n');
    return 0;
  }
  const [action, who, ...extra] = positionals;
  const problems: string[] = [];
  if ((action !== 'erase' && action !== 'export') || !who?.trim() || extra.length > 0)
    problems.push('expected `visitor erase <id>` or `visitor export <id>`, with one visitor id or user id');
  if (action === 'erase' && (values.out !== undefined || values.files !== undefined)) problems.push('--out and --files belong to `visitor export`');
  if (problems.length > 0) {
    io.stderr(`chatport visitor: ${problems.join('; ')}\nRun \`chatport visitor --help\` for details.\n`);
    return 2;
  }

  const dataDir = dataDirOf(values['data-dir'], io.env);
  const database = databaseIn(dataDir);
  if ('problem' in database) {
    io.stderr(`chatport visitor ${action}: ${database.problem}\n`);
    return 1;
  }
  const schema = schemaProblem(database.file);
  if (schema !== undefined) {
    io.stderr(`chatport visitor ${action}: ${schema}\n`);
    return 1;
  }
  // The relay may be running on the same file: WAL lets both in, and the store waits on a busy lock.
  const store = createSqliteStore({ file: database.file });
  const blobs = createDiskBlobs({ dir: join(dataDir, 'uploads') });
  try {
    const visitor = await findVisitor(store, who!.trim());
    if (!visitor) {
      io.stderr(`chatport visitor ${action}: no visitor with the id or user id "${who!.trim()}" in ${database.file}\n`);
      return 1;
    }
    if (action === 'export') {
      const { json, missing } = await exportVisitor({ store, blobs, visitor, ...(values.files === undefined ? {} : { filesDir: values.files }) });
      if (values.out === undefined) io.stdout(json);
      else await writeFile(values.out, json, { flag: 'wx', mode: 0o600 });
      if (values.out !== undefined) io.stderr(`Exported visitor ${visitor.id} to ${values.out}.\n`);
      if (missing.length > 0) io.stderr(`Warning: the bytes of ${plural(missing.length, 'upload')} are missing from ${join(dataDir, 'uploads')}: ${missing.join(', ')}\n`);
      return 0;
    }
    const conversation = await store.getConversation(visitor.conversationId);
    const link = await store.getLink(visitor.id);
    const erased = (await store.eraseVisitor(visitor.id))!;
    // The records are gone first, so nothing can serve these files any more; then their bytes.
    for (const id of erased.uploadIds) await blobs.remove(id);
    io.stdout(
      [
        `Erased visitor ${visitor.id}${visitor.externalId === undefined ? '' : ` (user id "${visitor.externalId}")`}:`,
        `  ${plural(erased.conversations, 'conversation')}${conversation ? ` (number ${conversation.number})` : ''}`,
        `  ${plural(erased.messages, 'message')}`,
        `  ${plural(erased.outbox, 'queued delivery', 'queued deliveries')}`,
        `  ${plural(erased.links, 'platform link')}`,
        `  ${plural(erased.uploads, 'uploaded file')} (bytes removed)`,
        `The bot platform keeps its own copy: erase the user ${visitor.id}${conversation ? ` (conversation ${conversation.number})` : ''}` +
          `${link?.contactRef === undefined ? '' : `, contact ${link.contactRef}`} there too.`,
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    io.stderr(`chatport visitor ${action}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await store.close();
  }
};
