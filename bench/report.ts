/** One line of the results table: the same measure for the relay and for the bare node:http baseline. */
export interface Row {
  name: string;
  relay: number;
  bare: number;
  unit: string;
  digits?: number;
  budget?: string;
  /** Free-text facts about the row (counts, errors) printed under the table. */
  note?: string;
}

/** Nearest-rank percentile of an ascending array. */
export const percentile = (sorted: number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
};

const format = (value: number, digits: number) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';

export const formatTable = (rows: Row[]): string => {
  const header = ['benchmark', 'relay', 'bare', 'relay/bare', 'budget'];
  const lines = rows.map((row) => {
    const digits = row.digits ?? 1;
    return [row.name, `${format(row.relay, digits)} ${row.unit}`, `${format(row.bare, digits)} ${row.unit}`, format(row.relay / row.bare, 2), row.budget ?? ''];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-|-');
  const notes = rows.filter((row) => row.note).map((row) => `  ${row.name}: ${row.note}`);
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
