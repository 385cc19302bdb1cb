import { readFileSync } from 'node:fs';

/** A process's I/O counters from /proc/<pid>/io (all its threads together). */
export interface IoCounters {
  /** write-family system calls: write, writev, pwrite… (sockets and files alike; not sendmsg, not fsync). */
  syscw: number;
  /** Bytes this process caused to be sent to the storage layer (page-cache writeback and synchronous writes). */
  writeBytes: number;
}

/** Parses the text of /proc/<pid>/io. */
export const parseIo = (text: string): IoCounters => {
  const field = (name: string) => Number(new RegExp(`^${name}:\\s*(\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { syscw: field('syscw'), writeBytes: field('write_bytes') };
};

/** Undefined where /proc/<pid>/io cannot be read (not Linux, or not allowed). */
export const readIo = (pid: number): IoCounters | undefined => {
  try {
    return parseIo(readFileSync(`/proc/${pid}/io`, 'utf8'));
  } catch {
    return undefined;
  }
};

/** The open-file limits of a process (`Max open files` in /proc/<pid>/limits); undefined when unreadable. */
export const readFdLimits = (pid: number | 'self' = 'self'): { soft: number; hard: number } | undefined => {
  try {
    const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
      .split('\n')
      .find((text) => text.startsWith('Max open files'));
    const [soft, hard] = (line?.slice('Max open files'.length).trim().split(/\s+/) ?? []).map((value) => (value === 'unlimited' ? Number.POSITIVE_INFINITY : Number(value)));
    return soft !== undefined && hard !== undefined && !Number.isNaN(soft) && !Number.isNaN(hard) ? { soft, hard } : undefined;
  } catch {
    return undefined;
  }
};
