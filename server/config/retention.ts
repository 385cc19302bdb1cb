/** How long the relay keeps conversations (RETENTION_DAYS); off unless set. */
export interface RetentionSettings {
  /** Messages, uploads and inactive visitors older than this many days are deleted; undefined keeps everything. */
  days?: number;
}

/** A hundred years: anything longer is a typo, not a policy. */
export const MAX_RETENTION_DAYS = 36_500;

/** Reads RETENTION_DAYS; a bad value goes to `issues`, by name, with what was expected. */
export const parseRetention = (value: (name: string) => string | undefined, issues: string[]): RetentionSettings => {
  const raw = value('RETENTION_DAYS');
  if (raw === undefined) return {};
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || days < 1 || days > MAX_RETENTION_DAYS) {
    issues.push(`RETENTION_DAYS: got "${raw}"; expected whole days from 1 to ${MAX_RETENTION_DAYS}, or leave it unset to keep everything`);
    return {};
  }
  return { days };
};
