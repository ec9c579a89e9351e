/**
 * One line per figure, so `npm run bench` output can be read by people and grepped by
 * scripts: `name  value unit  (target ..., ratio ...)`. Benchmarks print; they never assert.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The goal, e.g. { op: '>=', value: 100 }; the line then shows value/target. */
  target?: { op: '>=' | '<='; value: number };
}

export function report(figure: Figure): void {
  const value = Number.isInteger(figure.value) ? String(figure.value) : figure.value.toFixed(3);
  let line = `${figure.name.padEnd(58)} ${value.padStart(12)} ${figure.unit}`;
  if (figure.target) {
    const { op, value: goal } = figure.target;
    const met = op === '>=' ? figure.value >= goal : figure.value <= goal;
    const ratio = op === '>=' ? figure.value / goal : goal / figure.value;
    line += `   target ${op} ${goal} ${figure.unit}: ${met ? 'met' : 'NOT met'} (ratio ${ratio.toFixed(2)})`;
  }
  console.log(line);
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

export function heading(title: string): void {
  console.log(`\n== ${title}`);
}
