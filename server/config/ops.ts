import { LOG_LEVELS, type LogLevel } from '../log.ts';

/** Running the relay: logs, who may read /metrics and where, how long a stop may take. */
export interface OpsSettings {
  /** LOG_LEVEL: the least severe log line written. */
  logLevel: LogLevel;
  /** METRICS_TOKEN: /metrics answers only `Authorization: Bearer <token>`. Never logged. */
  metricsToken?: string;
  /** METRICS_PORT: /metrics (with /healthz and /readyz) on its own listener instead of the public port. */
  metricsPort?: number;
  /** METRICS_HOST: that listener's address; loopback unless chosen. */
  metricsHost: string;
  /** SHUTDOWN_GRACE_MS: how long a stop waits for platform deliveries and requests in flight. */
  shutdownGraceMs: number;
}

const MIN_TOKEN = 16;

/** Reads the operations settings; every problem goes to `issues`, by name, without echoing the token. */
export const parseOps = (value: (name: string) => string | undefined, issues: string[], { port }: { port: number }): OpsSettings => {
  const level = value('LOG_LEVEL')?.toLowerCase() ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    issues.push(`LOG_LEVEL: got "${value('LOG_LEVEL')}"; expected one of ${LOG_LEVELS.map((name) => `"${name}"`).join(', ')} (default "info")`);

  const metricsToken = value('METRICS_TOKEN');
  if (metricsToken !== undefined && (metricsToken.length < MIN_TOKEN || /\s/.test(metricsToken))) {
    issues.push(`METRICS_TOKEN: expected at least ${MIN_TOKEN} characters without spaces (${metricsToken.length} given), e.g. from \`openssl rand -hex 24\``);
  }

  const rawPort = value('METRICS_PORT');
  let metricsPort: number | undefined;
  if (rawPort !== undefined) {
    metricsPort = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || metricsPort > 65535) issues.push(`METRICS_PORT: got "${rawPort}"; expected a TCP port number from 0 to 65535`);
    else if (metricsPort === port && port !== 0)
      issues.push(`METRICS_PORT: got ${rawPort}, the same as PORT; expected another port (the metrics listener is separate from the public one)`);
  }
  const metricsHost = value('METRICS_HOST') ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(metricsHost)) issues.push(`METRICS_HOST: got "${metricsHost}"; expected an address to bind, e.g. 127.0.0.1 (default) or 0.0.0.0`);
  if (value('METRICS_HOST') !== undefined && rawPort === undefined)
    issues.push('METRICS_HOST: set without METRICS_PORT; expected METRICS_PORT too (the host is where that separate listener binds)');

  const grace = value('SHUTDOWN_GRACE_MS') ?? '10000';
  if (!/^\d+$/.test(grace) || Number(grace) > 600_000) issues.push(`SHUTDOWN_GRACE_MS: got "${grace}"; expected milliseconds from 0 to 600000 (default 10000)`);

  return {
    logLevel: level as LogLevel,
    ...(metricsToken === undefined ? {} : { metricsToken }),
    ...(metricsPort === undefined ? {} : { metricsPort }),
    metricsHost: metricsHost.replace(/^\[|\]$/g, ''),
    shutdownGraceMs: Number(grace),
  };
};
