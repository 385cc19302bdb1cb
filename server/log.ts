/** Structured, one line per event. Callers pass facts, never secrets or tokens. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  write?: (line: string) => void;
  /** Only warnings and errors. */
  quiet?: boolean;
}

export const createLogger = ({ write = (line) => void process.stderr.write(line + '\n'), quiet = false }: LoggerOptions = {}): Logger => {
  const log = (level: string) => (event: string, fields: Record<string, unknown> = {}) => {
    if (quiet && level === 'info') return;
    write(JSON.stringify({ t: new Date().toISOString(), level, event, ...fields }));
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
