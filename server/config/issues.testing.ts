import { ConfigError, loadConfig } from './index.ts';

/** The issues loadConfig reports for `env`; fails the test when the settings are accepted. */
export const issuesOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
};
