import { ConfigError } from './config/index.ts';
import { serve, SERVE_USAGE } from './cli/serve.ts';
import { runUchat } from './cli/uchat-webhook.ts';
import { runBackup } from './cli/backup.ts';
import { runVisitor } from './cli/visitor.ts';

const USAGE = `Usage: chatport <command>

Commands:
  serve [--provider uchat|chatwoot]
                                   start the relay (the default command); the provider picks demo mode's platform
  uchat webhook get|set|remove     connect a UChat workspace to this relay (see: chatport uchat webhook --help)
  visitor erase|export <id>        a person's privacy request: delete or export one visitor (see: chatport visitor --help)
  backup <path>                    copy the data directory while the relay runs (see: chatport backup --help)

${SERVE_USAGE}`;

const main = async (argv: string[]) => {
  const [command = 'serve', ...rest] = argv;
  if (command === 'serve' && rest.length === 0) return serve();
  // `serve --provider chatwoot`: demo mode against the Chatwoot stand-in (the same as CHATPORT_DEMO_PROVIDER).
  if (command === 'serve' && rest[0] === '--provider' && rest.length === 2) return serve({ CHATPORT_DEMO_PROVIDER: rest[1]! });
  if (command === 'uchat') {
    process.exitCode = await runUchat(rest, { env: process.env, stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) });
    return;
  }
  const lifecycle = command === 'visitor' ? runVisitor : command === 'backup' ? runBackup : undefined;
  if (lifecycle) {
    process.exitCode = await lifecycle(rest, { env: process.env, stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) });
    return;
  }
  const help = ['help', '--help', '-h'].includes(command) || (command === 'serve' && ['--help', '-h'].includes(rest[0] ?? ''));
  (help ? process.stdout : process.stderr).write(USAGE + '\n');
  process.exitCode = help ? 0 : 2;
};

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write((error instanceof ConfigError ? error.message : `Chatport failed to start: ${error instanceof Error ? error.message : String(error)}`) + '\n');
  process.exit(1);
});
