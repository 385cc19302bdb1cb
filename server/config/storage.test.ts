import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.ts';
import { issuesOf } from './issues.testing.ts';

const demo = (env: Record<string, string>) => loadConfig(env, { demoSecret: () => 'd'.repeat(64) });
const MIB = 1024 * 1024;

describe('storage settings', () => {
  it('defaults to 100 MB per visitor, 10 GB in all, uploads stopping below 1 GB free and messages below 64 MB', () => {
    expect(demo({}).storage).toEqual({
      uploadQuota: { visitorBytes: 100 * MIB, totalBytes: 10 * 1024 * MIB },
      diskFreeMin: { uploads: { bytes: 1024 * MIB }, messages: { bytes: 64 * MIB } },
    });
  });

  it('takes quotas in bytes and free space in bytes or percent', () => {
    const { storage } = demo({ UPLOAD_QUOTA_VISITOR_BYTES: '5000', UPLOAD_QUOTA_TOTAL_BYTES: '80000', DISK_FREE_MIN_UPLOADS: '10%', DISK_FREE_MIN_MESSAGES: '0.5%' });
    expect(storage).toEqual({ uploadQuota: { visitorBytes: 5000, totalBytes: 80000 }, diskFreeMin: { uploads: { percent: 10 }, messages: { percent: 0.5 } } });
    expect(demo({ DISK_FREE_MIN_UPLOADS: '0', DISK_FREE_MIN_MESSAGES: '0' }).storage.diskFreeMin).toEqual({ uploads: { bytes: 0 }, messages: { bytes: 0 } });
  });

  it('reports bad values by name with what was expected', () => {
    const issues = issuesOf({ UPLOAD_QUOTA_VISITOR_BYTES: '0', UPLOAD_QUOTA_TOTAL_BYTES: '10GB', DISK_FREE_MIN_UPLOADS: '100%', DISK_FREE_MIN_MESSAGES: 'lots' });
    expect(issues.map((issue) => issue.split(':')[0])).toEqual(['UPLOAD_QUOTA_VISITOR_BYTES', 'UPLOAD_QUOTA_TOTAL_BYTES', 'DISK_FREE_MIN_UPLOADS', 'DISK_FREE_MIN_MESSAGES']);
    expect(issues[0]).toBe(
      `UPLOAD_QUOTA_VISITOR_BYTES: got "0"; expected a whole number of bytes (at least 1) that one visitor's files may take together, e.g. ${100 * MIB} (the default)`,
    );
    expect(issues[2]).toMatch(/^DISK_FREE_MIN_UPLOADS: got "100%"; expected free disk space as a whole number of bytes or a percentage/);
  });

  it('requires messages to stop below the point where uploads stop', () => {
    expect(issuesOf({ DISK_FREE_MIN_UPLOADS: '1000', DISK_FREE_MIN_MESSAGES: '1000' })[0]).toMatch(
      /^DISK_FREE_MIN_MESSAGES: 1000 is not below DISK_FREE_MIN_UPLOADS \(1000\); expected a much lower threshold/,
    );
    expect(issuesOf({ DISK_FREE_MIN_UPLOADS: '1%', DISK_FREE_MIN_MESSAGES: '2%' })).toHaveLength(1);
    expect(issuesOf({ DISK_FREE_MIN_UPLOADS: '1000' })[0]).toMatch(/^DISK_FREE_MIN_MESSAGES: 67108864 \(default\) is not below DISK_FREE_MIN_UPLOADS \(1000\)/);
  });
});
