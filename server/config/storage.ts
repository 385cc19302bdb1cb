/** Free space on DATA_DIR's disk, in bytes or as a share of the disk's size. */
export type FreeSpace = { bytes: number } | { percent: number };

/** What visitor files may take, and how much free disk the relay keeps for itself. */
export interface StorageSettings {
  uploadQuota: {
    /** UPLOAD_QUOTA_VISITOR_BYTES: all of one visitor's files together. */
    visitorBytes: number;
    /** UPLOAD_QUOTA_TOTAL_BYTES: all visitors' files together. */
    totalBytes: number;
  };
  diskFreeMin: {
    /** DISK_FREE_MIN_UPLOADS: below this, uploads are refused (507), so the database keeps room. */
    uploads: FreeSpace;
    /** DISK_FREE_MIN_MESSAGES: below this, new messages are refused too (507 to visitors, 503 to the platform). */
    messages: FreeSpace;
  };
}

const MIB = 1024 * 1024;
export const STORAGE_DEFAULTS = {
  visitorBytes: 100 * MIB,
  totalBytes: 10 * 1024 * MIB,
  uploads: { bytes: 1024 * MIB },
  messages: { bytes: 64 * MIB },
} as const;

const bytes = (raw: string | undefined, name: string, fallback: number, what: string, issues: string[]): number => {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (/^\d+$/.test(raw) && value >= 1 && Number.isSafeInteger(value)) return value;
  issues.push(`${name}: got "${raw}"; expected a whole number of bytes (at least 1) that ${what}, e.g. ${fallback} (the default)`);
  return fallback;
};

const freeSpace = (raw: string | undefined, name: string, fallback: FreeSpace, issues: string[]): FreeSpace => {
  if (raw === undefined) return fallback;
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(raw)?.[1];
  if (percent !== undefined && Number(percent) < 100) return { percent: Number(percent) };
  if (/^\d+$/.test(raw) && Number.isSafeInteger(Number(raw))) return { bytes: Number(raw) };
  issues.push(`${name}: got "${raw}"; expected free disk space as a whole number of bytes or a percentage of the disk below 100%, e.g. 1073741824 or 5%`);
  return fallback;
};

/** Reads the upload quotas and free-space thresholds; every problem goes to `issues`, by name. */
export const parseStorage = (value: (name: string) => string | undefined, issues: string[]): StorageSettings => {
  const visitorBytes = bytes(value('UPLOAD_QUOTA_VISITOR_BYTES'), 'UPLOAD_QUOTA_VISITOR_BYTES', STORAGE_DEFAULTS.visitorBytes, "one visitor's files may take together", issues);
  const totalBytes = bytes(value('UPLOAD_QUOTA_TOTAL_BYTES'), 'UPLOAD_QUOTA_TOTAL_BYTES', STORAGE_DEFAULTS.totalBytes, "all visitors' files may take together", issues);
  const uploads = freeSpace(value('DISK_FREE_MIN_UPLOADS'), 'DISK_FREE_MIN_UPLOADS', STORAGE_DEFAULTS.uploads, issues);
  const messages = freeSpace(value('DISK_FREE_MIN_MESSAGES'), 'DISK_FREE_MIN_MESSAGES', STORAGE_DEFAULTS.messages, issues);
  // Uploads must stop first, so messages still have room when they do; comparable only in the same unit.
  const [u, m] = [uploads, messages].map((space) => ('bytes' in space ? space.bytes : space.percent));
  if ('bytes' in uploads === 'bytes' in messages && m! >= u! && m! > 0) {
    issues.push(
      `DISK_FREE_MIN_MESSAGES: ${value('DISK_FREE_MIN_MESSAGES') ?? `${m} (default)`} is not below DISK_FREE_MIN_UPLOADS (${value('DISK_FREE_MIN_UPLOADS') ?? `${u} (default)`}); expected a much lower threshold, so uploads stop long before messages do`,
    );
  }
  return { uploadQuota: { visitorBytes, totalBytes }, diskFreeMin: { uploads, messages } };
};
