import { parseArgs } from 'node:util';
import { ConfigError } from './config/index.ts';
import { runBackup } from './cli/backup.ts';
import type { CliIo, Command } from './cli/command.ts';
import { PROVIDER_OPTION, runServe, SERVE_USAGE } from './cli/serve.ts';
import { runStore } from './cli/store-copy.ts';
import { StartupError } from './cli/startup-errors.ts';
import { runVisitor } from './cli/visitor.ts';
import { PLATFORMS } from './providers/index.ts';
import type { AnyPlatform } from './providers/platform.ts';
import { readVersion } from './version.ts';

/** One entry per command, in the order `chatport --help` lists them; each platform adds its setup commands. */
const COMMANDS: Record<string, Command> = {
  serve: { usage: `serve ${PROVIDER_OPTION}`, summary: "start the relay (the default command); the provider picks demo mode's platform", run: runServe },
  ...Object.assign({}, ...PLATFORMS.map((platform: AnyPlatform) => platform.commands ?? {})),
  visitor: { usage: 'visitor erase|export <id>', summary: 'a privacy request: delete or export one visitor (see: chatport visitor --help)', run: runVisitor },
  backup: { usage: 'backup <path>', summary: 'copy the data directory while the relay runs (see: chatport backup --help)', run: runBackup },
  store: { usage: 'store copy --from <dir> --to <url>', summary: 'copy a SQLite data directory into a Postgres database (see: chatport store --help)', run: runStore },
};

const usage = () => {
  const width = Math.max(...Object.values(COMMANDS).map((command) => command.usage.length)) + 3;
  const commands = Object.values(COMMANDS).map((command) => `  ${command.usage.padEnd(width)}${command.summary}`);
  return `Usage: chatport [command] [options]\n\nCommands:\n${commands.join('\n')}\n\nOptions:\n  -v, --version   print the version\n  -h, --help      print this help\n\n${SERVE_USAGE}`;
};

const FLAGS = { version: { type: 'boolean', short: 'v' }, help: { type: 'boolean', short: 'h' } } as const;

/** `chatport [--version|--help] [command [args…]]`: the options before the command are chatport's, the rest the command's. */
const main = async (argv: string[], io: CliIo): Promise<number | undefined> => {
  const at = argv.findIndex((arg) => !arg.startsWith('-'));
  const [own, [name = 'serve', ...args]] = at === -1 ? [argv, []] : [argv.slice(0, at), argv.slice(at)];
  let values: { version?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args: own, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    io.stderr(`chatport: ${error instanceof Error ? error.message.split(/\. To specify|\n/)[0] : 'cannot read the arguments'}; see chatport --help\n`);
    return 2;
  }
  if (values.version) {
    io.stdout(`${readVersion()}\n`);
    return 0;
  }
  if (values.help || name === 'help') {
    io.stdout(usage() + '\n');
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`chatport: unknown command "${name}"; see chatport --help\n`);
    return 2;
  }
  return command.run(args, io);
};

const io: CliIo = { env: process.env, stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };

main(process.argv.slice(2), io).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    // Settings problems are one block listing every issue; other start-up failures one line each; never a stack.
    const known = error instanceof ConfigError || error instanceof StartupError;
    process.stderr.write((known ? error.message : `Chatport failed to start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`) + '\n');
    process.exit(1);
  },
);
