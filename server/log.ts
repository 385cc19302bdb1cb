/** Structured, one line per event. Callers pass facts, never secrets or tokens. */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  write?: (line: string) => void;
  /** The least severe level written (LOG_LEVEL); `silent` writes nothing. */
  level?: LogLevel;
}

export const createLogger = ({ write = (line) => void process.stderr.write(line + '\n'), level = 'info' }: LoggerOptions = {}): Logger => {
  const threshold = LOG_LEVELS.indexOf(level);
  const log = (name: Exclude<LogLevel, 'silent'>) => {
    // A level below the threshold costs one call and nothing else.
    if (LOG_LEVELS.indexOf(name) < threshold) return () => {};
    return (event: string, fields: Record<string, unknown> = {}) => write(JSON.stringify({ t: new Date().toISOString(), level: name, event, ...fields }));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
};

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger that keeps its lines (tests: what would have reached the log, without printing it). */
export const createCapturingLogger = ({ level = 'debug' }: { level?: LogLevel } = {}): Logger & { lines: string[] } => {
  const lines: string[] = [];
  return { ...createLogger({ write: (line) => lines.push(line), level }), lines };
};
