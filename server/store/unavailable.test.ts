import { describe, expect, it } from 'vitest';
import { isStoreUnavailable } from './unavailable.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isStoreUnavailable', () => {
  it('knows a database that is down, restarting or out of reach', () => {
    for (const error of [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('sorry, too many clients already', '53300'),
      withCode('connection failure', '08006'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('cannot open the Postgres database', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') }),
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''),
    ]) {
      expect(isStoreUnavailable(error), error.message).toBe(true);
    }
  });

  it('leaves every other failure alone: a bad query is no outage', () => {
    for (const error of [
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('syntax error', '42601'),
      new Error('unknown conversation c_1'),
      'a string',
      undefined,
    ]) {
      expect(isStoreUnavailable(error)).toBe(false);
    }
  });
});
