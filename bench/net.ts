import { readFileSync } from 'node:fs';

export interface NetCounters {
  /** Packets the kernel dropped because a CPU's input backlog was full (loopback traffic passes through it). */
  dropped: number;
  /** TCP segments sent again; a lost segment costs at least the 200 ms minimum retransmission timeout. */
  retransmitted: number;
}

/** Machine-wide Linux counters, read to tell a slow server from a lossy loopback; undefined elsewhere. */
export const readNet = (): NetCounters | undefined => {
  try {
    const softnet = readFileSync('/proc/net/softnet_stat', 'utf8').trim().split('\n');
    const dropped = softnet.reduce((sum, line) => sum + parseInt(line.trim().split(/\s+/)[1] ?? '0', 16), 0);
    const [names, values] = readFileSync('/proc/net/snmp', 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('Tcp:'))
      .map((line) => line.trim().split(/\s+/));
    const retransmitted = Number(values?.[names?.indexOf('RetransSegs') ?? -1]);
    return Number.isFinite(dropped) && Number.isFinite(retransmitted) ? { dropped, retransmitted } : undefined;
  } catch {
    return undefined;
  }
};

export const describeNet = (before: NetCounters | undefined, after: NetCounters | undefined): string =>
  before && after
    ? `${after.dropped - before.dropped} packets dropped, ${after.retransmitted - before.retransmitted} TCP segments retransmitted (machine-wide)`
    : 'packet drop counters unavailable';
