import { describe, expect, it } from 'vitest';
import { ForeignDatabaseError } from '../store/sqlite/database.ts';
import { describeStartupError } from './startup-errors.ts';

/** An error shaped as Node reports a failed listen(). */
const listenError = (code: string, port: number, address = '0.0.0.0') =>
  Object.assign(new Error(`listen ${code}: ${address}:${port}`), { code, errno: -13, syscall: 'listen', address, port });

const context = { ports: { 80: 'PORT', 9464: 'METRICS_PORT' }, dataDir: '/srv/chatport' };

describe('start-up error lines', () => {
  it('explains a port below 1024 that needs privileges, naming the setting', () => {
    const line = describeStartupError(listenError('EACCES', 80), context);
    expect(line).toBe(
      'Chatport cannot start: permission denied to listen on port 80 (PORT); ports below 1024 need privileges, so use a port from 1024 up (e.g. PORT=8787) behind a reverse proxy, or grant the capability (setcap cap_net_bind_service=+ep "$(command -v node)").',
    );
  });

  it('names the host setting for an address the machine does not have', () => {
    expect(describeStartupError(listenError('EADDRNOTAVAIL', 9464, '10.9.9.9'), context)).toMatch(
      /^Chatport cannot start: 10\.9\.9\.9 is not an address of this machine \(METRICS_HOST\)/,
    );
    expect(describeStartupError(listenError('EADDRNOTAVAIL', 80, '10.9.9.9'), context)).toMatch(/\(HOST\)/);
  });

  it('names DATA_DIR for a file system refusal under it, and only there', () => {
    const denied = Object.assign(new Error("EACCES: permission denied, mkdir '/srv/chatport/uploads'"), { code: 'EACCES', syscall: 'mkdir', path: '/srv/chatport/uploads' });
    expect(describeStartupError(denied, context)).toBe(
      'Chatport cannot start: DATA_DIR (/srv/chatport) cannot be written: permission denied (/srv/chatport/uploads); give this user write access or set DATA_DIR to a writable directory of its own.',
    );
    const elsewhere = Object.assign(new Error("EACCES: permission denied, open '/etc/other'"), { code: 'EACCES', syscall: 'open', path: '/etc/other' });
    expect(describeStartupError(elsewhere, context)).toBe("Chatport failed to start: EACCES: permission denied, open '/etc/other'");
    const readOnly = Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' });
    expect(describeStartupError(readOnly, context)).toMatch(
      /^Chatport cannot start: DATA_DIR \(\/srv\/chatport\) cannot be written: the database \/srv\/chatport\/chatport\.db cannot be written/,
    );
  });

  it('says which file is not a Chatport database, and a schema from a newer build', () => {
    expect(describeStartupError(new ForeignDatabaseError('the database holds tables of another application and no Chatport schema version'), context)).toMatch(
      /^Chatport cannot start: \/srv\/chatport\/chatport\.db is not a Chatport database \(the database holds tables/,
    );
    expect(describeStartupError(new Error('database schema version 9 is newer than this build understands (4); upgrade Chatport'), context)).toBe(
      'Chatport cannot start: /srv/chatport/chatport.db: database schema version 9 is newer than this build understands (4); upgrade Chatport.',
    );
  });

  it('keeps anything else to its first line, never a stack', () => {
    const error = new Error('something odd\nmore detail');
    expect(describeStartupError(error, context)).toBe('Chatport failed to start: something odd');
  });
});
