import type { TestProject } from 'vitest/node';
import { startPostgres, startRedis, type Engine } from './engines.testing.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway Postgres of this test run (an admin URL: each test file makes its own database), or null. */
    postgresUrl: string | null;
    /** The throwaway Redis of this test run, or null. */
    redisUrl: string | null;
    /** Why an engine is missing (only when engines are optional, outside CI). */
    enginesProblem: string | null;
  }
}

/** CI (and `CHATPORT_TEST_ENGINES=required`) never runs without the engines: a missing one fails the run. */
export const enginesRequired = (env: NodeJS.ProcessEnv): boolean =>
  env['CHATPORT_TEST_ENGINES'] === 'required' || (env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== '0' && env['CI'] !== 'false');

/**
 * Vitest global setup: one Postgres and one Redis for the whole run, started side by side before any test file and
 * stopped after the last. Test files reach them through `inject` (see databases.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The projects inherit this setup from the root config, and the root's provided values: start the engines once.
  if (!project.isRootProject()) return async () => undefined;
  const started = performance.now();
  const [postgres, redis] = await Promise.allSettled([startPostgres(), startRedis()]);
  const engines = [postgres, redis].flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async () => {
    await Promise.all(engines.map((engine: Engine) => engine.stop()));
  };
  const problems = [postgres, redis].flatMap((result) => (result.status === 'rejected' ? [result.reason instanceof Error ? result.reason.message : String(result.reason)] : []));
  if (problems.length > 0) {
    if (enginesRequired(process.env)) {
      await stopAll();
      throw new Error(`the test engines (Postgres, Redis) must run here (CI), and did not start:\n${problems.join('\n')}`);
    }
    const banner = '!'.repeat(100);
    console.warn(`\n${banner}\n!! Postgres/Redis tests are SKIPPED on this machine: ${problems.join('; ')}\n!! CI runs them (and fails without them).\n${banner}\n`);
  }
  project.provide('postgresUrl', postgres.status === 'fulfilled' ? postgres.value.url : null);
  project.provide('redisUrl', redis.status === 'fulfilled' ? redis.value.url : null);
  project.provide('enginesProblem', problems.length > 0 ? problems.join('; ') : null);
  if (process.env['CHATPORT_TEST_ENGINES_TIMING']) console.warn(`test engines ready in ${Math.round(performance.now() - started)} ms`);
  return stopAll;
}
