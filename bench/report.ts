import type { ServerKind } from './shared.ts';

/** One line of the results table: the same measure for the relay on each store and for the bare baseline. */
export interface Row {
  name: string;
  values: Partial<Record<ServerKind, number>>;
  unit: string;
  digits?: number;
  /** What the figure should reach (free text, e.g. `≥ 0.4× bare`). */
  goal?: string;
  /** Free-text facts about the row (counts, errors) printed under the table. */
  note?: string;
}

/** Nearest-rank percentile of an ascending array. */
export const percentile = (sorted: number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
};

export const median = (values: number[]): number => {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor(sorted.length / 2)]!;
};

const format = (value: number | undefined, digits: number) =>
  value !== undefined && Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';

const RELAYS = ['sqlite', 'memory'] as const;

/** Columns: the relay on sqlite, on memory, bare, then each relay's ratio to bare. A kind not measured shows n/a. */
export const formatTable = (rows: Row[]): string => {
  const header = ['benchmark', 'relay sqlite', 'relay memory', 'bare', 'sqlite/bare', 'memory/bare', 'goal'];
  const lines = rows.map((row) => {
    const digits = row.digits ?? 1;
    const cell = (kind: ServerKind) => (row.values[kind] === undefined ? 'n/a' : `${format(row.values[kind], digits)} ${row.unit}`);
    const ratio = (kind: (typeof RELAYS)[number]) => {
      const relay = row.values[kind];
      const bare = row.values.bare;
      return relay === undefined || bare === undefined || bare === 0 ? '' : format(relay / bare, 2);
    };
    return [row.name, cell('sqlite'), cell('memory'), cell('bare'), ratio('sqlite'), ratio('memory'), row.goal ?? ''];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-|-');
  const notes = rows.filter((row) => row.note).map((row) => `  ${row.name.trim()}: ${row.note}`);
  return [render(header), rule, ...lines.map(render), ...(notes.length > 0 ? ['', 'notes:', ...notes] : [])].join('\n');
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds or `timeoutMs` passes; returns whether it held. */
export const until = async (check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<boolean> => {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (performance.now() >= deadline) return false;
    await sleep(everyMs);
  }
};
