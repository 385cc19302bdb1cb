/** What a command reads and writes: the environment and two output streams (tests capture both). */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Tests give their own for commands that call a platform. */
  fetch?: typeof globalThis.fetch;
}

/** One `chatport` command. */
export interface Command {
  /** As shown in `chatport --help`, after `chatport `. */
  usage: string;
  summary: string;
  /** Resolves with the exit status, or undefined for a command that keeps running (serve). */
  run(args: string[], io: CliIo): Promise<number | undefined>;
}
