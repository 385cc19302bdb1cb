/** Live streams (GET /v1/stream): how many one visitor and one address may hold, and when a client counts as stalled. */
export interface StreamSettings {
  /** STREAMS_PER_VISITOR: open streams per visitor (tabs, devices); opening one more closes their oldest. */
  perVisitor: number;
  /** STREAMS_PER_ADDRESS: open streams per client address, across visitors; one more closes the address's oldest. */
  perAddress: number;
  /** STREAM_STALL_MS: a client that takes nothing of what waits for it this long is closed (it reconnects and resumes). */
  stallMs: number;
  /**
   * STREAMS_MAX: open streams in all; one more is answered 503 with Retry-After. Unset: derived from the open-file
   * limit at start (see http/open-files.ts), so webhooks, requests and health checks always find a descriptor.
   */
  max?: number;
}

const whole = (value: (name: string) => string | undefined, issues: string[], name: string, fallback: number, min: number, max: number, what: string): number => {
  const raw = value(name);
  if (raw === undefined) return fallback;
  const number = Number(raw);
  if (/^\d+$/.test(raw) && number >= min && number <= max) return number;
  issues.push(`${name}: got "${raw}"; expected ${what} from ${min} to ${max} (default ${fallback})`);
  return fallback;
};

/** Reads the STREAM* settings; every problem goes to `issues`, by name, with what was expected. */
export const parseStreams = (value: (name: string) => string | undefined, issues: string[]): StreamSettings => {
  const max = value('STREAMS_MAX');
  return {
    perVisitor: whole(value, issues, 'STREAMS_PER_VISITOR', 5, 1, 1_000_000, 'a number of streams'),
    perAddress: whole(value, issues, 'STREAMS_PER_ADDRESS', 50, 1, 1_000_000, 'a number of streams'),
    stallMs: whole(value, issues, 'STREAM_STALL_MS', 30_000, 100, 600_000, 'milliseconds'),
    ...(max === undefined ? {} : { max: wholeMax(max, issues) }),
  };
};

const wholeMax = (raw: string, issues: string[]): number => {
  const number = Number(raw);
  if (/^\d+$/.test(raw) && number >= 1 && number <= 10_000_000) return number;
  issues.push(`STREAMS_MAX: got "${raw}"; expected a number of streams from 1 to 10000000 (default: the open-file limit less a tenth, at least 64, kept for everything else)`);
  return 1;
};
