/** Plain code-unit order of ids and timestamps: deterministic and locale-free. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
