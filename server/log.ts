/** Structured, one line per event. Callers pass facts, never secrets or tokens. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export const createLogger = ({ write = (line: string) => process.stderr.write(line + '\n'), quiet = false } = {}): Logger => {
  const log = (level: string) => (event: string, fields: Record<string, unknown> = {}) => {
    if (quiet && level === 'info') return;
    write(JSON.stringify({ t: new Date().toISOString(), level, event, ...fields }));
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
