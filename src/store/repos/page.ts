import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Marker pagination as the Huawei API does it (huawei-api.md §1.0): items in ascending
 * id order, a page starts after `marker`, `limit` items at most; `reverse` walks back
 * from the marker. One extra row is read to learn whether more remain.
 */
export interface PageRequest {
  limit: number;
  marker?: string;
  reverse?: boolean;
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

export async function paginate<T extends keyof Database, O extends { id: string }>(
  query: SelectQueryBuilder<Database, T, O>,
  idColumn: string,
  page: PageRequest,
): Promise<Page<O>> {
  // Kysely cannot type a column name passed in as a string; the callers pass their table's id.
  const q = query as unknown as SelectQueryBuilder<Database, T, O> & {
    where(col: string, op: string, value: string): typeof q;
    orderBy(col: string, dir: 'asc' | 'desc'): typeof q;
  };
  let built = q;
  if (page.marker !== undefined) built = built.where(idColumn, page.reverse ? '<' : '>', page.marker);
  const rows = (await built.orderBy(idColumn, page.reverse ? 'desc' : 'asc').limit(page.limit + 1).execute()) as O[];
  const hasMore = rows.length > page.limit;
  const items = hasMore ? rows.slice(0, page.limit) : rows;
  if (page.reverse) items.reverse();
  return { items, hasMore };
}
