import { describe, expect, it } from 'vitest';
import { readOpenFileLimit, streamCapFor } from './open-files.ts';

const limits = (soft: string, hard: string) =>
  [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max cpu time              unlimited            unlimited            seconds   ',
    `Max open files            ${soft.padEnd(21)}${hard.padEnd(21)}files     `,
    '',
  ].join('\n');

describe('open-file limit', () => {
  it('reads the soft limit of open files', () => {
    expect(readOpenFileLimit(() => limits('1024', '524288'))).toBe(1024);
    expect(readOpenFileLimit(() => limits('65536', '65536'))).toBe(65536);
  });

  it('knows no limit where there is none or it cannot be read', () => {
    expect(readOpenFileLimit(() => limits('unlimited', 'unlimited'))).toBeUndefined();
    expect(readOpenFileLimit(() => 'Limit Soft Hard\n')).toBeUndefined();
    expect(
      readOpenFileLimit(() => {
        throw new Error('ENOENT');
      }),
    ).toBeUndefined();
  });

  it('keeps a tenth of the descriptors, at least 64, free of streams', () => {
    expect(streamCapFor(1024)).toBe(921);
    expect(streamCapFor(65536)).toBe(58_982);
    expect(streamCapFor(128)).toBe(64);
    expect(streamCapFor(20)).toBe(1);
  });
});
