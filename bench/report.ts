import type { ServerKind } from './shared.ts';

/** One line of the results table: the same measure for the relay on each store and for the bare baseline. */
export interface Row {
  name: string;
  values: Partial<Record<ServerKind, number>>;
  /** A relay set up as the row's name says (e.g. three relays on Postgres), when it is none of the standard kinds. */
  named?: number;
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

/**
 * Columns: the relay on sqlite, on memory, bare, then each relay's ratio to bare; rows of a relay set up as their name
 * says (scale-out) add a column of their own with its ratio. A kind not measured shows n/a.
 */
export const formatTable = (rows: Row[]): string => {
  const named = rows.some((row) => row.named !== undefined);
  const header = [
    'benchmark',
    'relay sqlite',
    'relay memory',
    ...(named ? ['relay as named'] : []),
    'bare',
    'sqlite/bare',
    'memory/bare',
    ...(named ? ['named/bare'] : []),
    'goal',
  ];
  const lines = rows.map((row) => {
    const digits = row.digits ?? 1;
    const show = (value: number | undefined) => (value === undefined ? 'n/a' : `${format(value, digits)} ${row.unit}`);
    const cell = (kind: ServerKind) => show(row.values[kind]);
    const ratioOf = (relay: number | undefined) => {
      const bare = row.values.bare;
      return relay === undefined || bare === undefined || bare === 0 ? '' : format(relay / bare, 2);
    };
    const ratio = (kind: (typeof RELAYS)[number]) => ratioOf(row.values[kind]);
    return [
      row.name,
      cell('sqlite'),
      cell('memory'),
      ...(named ? [row.named === undefined ? '' : show(row.named)] : []),
      cell('bare'),
      ratio('sqlite'),
      ratio('memory'),
      ...(named ? [ratioOf(row.named)] : []),
      row.goal ?? '',
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join(' | ')
      .trimEnd();
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
