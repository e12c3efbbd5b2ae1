/** One measured figure beside its budget, as `npm run bench` prints and saves it. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** The budget (docs/ARCHITECTURE.md, section 8), in the same unit; `undefined` for a figure shown for context. */
  budget?: number;
  /** How value and budget compare: at most (`<=`) or at least (`>=`). */
  comparison?: '<=' | '>=';
  pass?: boolean;
  note?: string;
}

/** Builds a figure, judging it against its budget. */
export function figure(
  name: string,
  value: number,
  unit: string,
  budget?: { limit: number; comparison?: '<=' | '>='; note?: string },
): BenchFigure {
  if (budget === undefined) return { name, value, unit };
  const comparison = budget.comparison ?? '<=';
  const pass = comparison === '<=' ? value <= budget.limit : value >= budget.limit;
  return {
    name,
    value,
    unit,
    budget: budget.limit,
    comparison,
    pass,
    ...(budget.note === undefined ? {} : { note: budget.note }),
  };
}

/** The figures as a plain-text table. */
export function formatTable(figures: readonly BenchFigure[]): string {
  const rows = figures.map((f) => [
    f.name,
    `${Number.isInteger(f.value) ? f.value : f.value.toFixed(2)} ${f.unit}`,
    f.budget === undefined ? '' : `${f.comparison} ${f.budget} ${f.unit}`,
    f.pass === undefined ? '' : f.pass ? 'pass' : 'FAIL',
  ]);
  const header = ['figure', 'measured', 'budget', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The median (the mean of the two middle values for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
