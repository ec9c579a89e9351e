/** Plain-text tables and key/value blocks for `--output table`. */

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface Column {
  header: string;
  value: (row: any) => unknown;
}

const cell = (v: unknown): string => {
  if (v === undefined || v === null || v === '') return '-';
  if (Array.isArray(v)) return v.length === 0 ? '-' : v.map(cell).join(',');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

export function renderTable(rows: readonly any[], columns: readonly Column[]): string {
  const cells = rows.map((r) => columns.map((c) => cell(c.value(r))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n';
}

/** One resource as `key  value` lines, nested objects flattened with dots. */
export function renderRecord(record: Record<string, unknown>): string {
  const entries: Array<[string, string]> = [];
  const walk = (prefix: string, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
      for (const [k, inner] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, inner);
    } else if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object')) {
      if (v.length === 0) entries.push([prefix, '-']);
      v.forEach((x, i) => walk(`${prefix}[${i}]`, x));
    } else {
      entries.push([prefix, cell(v)]);
    }
  };
  walk('', record);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}
