import type { Compilable, CompiledQuery, QueryResult } from 'kysely';
import type { Database, Db } from './schema.js';

type Slot = { readonly param: string } | { readonly value: unknown };

interface Template {
  readonly compiled: CompiledQuery;
  readonly slots: readonly Slot[];
}

const SENTINEL = '\u0000isthmus-param:';

/**
 * A statement built and compiled once per dialect, then executed with new parameters:
 * Kysely builds an immutable operation tree and compiles it on every call, about 10-25 µs
 * per statement (more for wide inserts), which the hot paths of the API (a peering by id,
 * the revision bump, the audit event) paid several times per request.
 *
 * `build` receives stand-ins for the parameters and must use each only as a value of the
 * query (`where('id', '=', p.id)`, `values({ ... })`), never in JavaScript logic: the
 * query's shape is fixed at the first call. A stand-in that does not come out as a bound
 * parameter is refused at that first call, so a misuse cannot silently bind the wrong value.
 */
export function prepared<P extends Record<string, unknown>, R>(
  build: (db: Db, params: P) => Compilable<R>,
): (db: Db, params: P) => Promise<QueryResult<R>> {
  // One template per dialect adapter (SQLite writes `?`, PostgreSQL `$1`).
  const templates = new WeakMap<object, Template>();
  return async (db, params) => {
    const key = db.getExecutor().adapter;
    let template = templates.get(key);
    if (!template) {
      template = compileTemplate(db, build);
      templates.set(key, template);
    }
    const { compiled, slots } = template;
    const parameters = slots.map((slot) => ('param' in slot ? params[slot.param] : slot.value));
    return db.executeQuery<R>({ ...compiled, parameters } as CompiledQuery<R>);
  };
}

function compileTemplate<P extends Record<string, unknown>, R>(db: Db, build: (db: Db, params: P) => Compilable<R>): Template {
  const used = new Set<string>();
  const standIns = new Proxy({}, {
    get(_target, name) {
      used.add(String(name));
      return `${SENTINEL}${String(name)}`;
    },
  }) as P;
  const compiled = build(db, standIns).compile();
  const slots: Slot[] = compiled.parameters.map((value) =>
    typeof value === 'string' && value.startsWith(SENTINEL) ? { param: value.slice(SENTINEL.length) } : { value });
  const bound = new Set(slots.flatMap((s) => ('param' in s ? [s.param] : [])));
  for (const name of used) {
    if (!bound.has(name)) throw new Error(`prepared statement: parameter ${name} is not a bound value of ${compiled.sql}`);
  }
  if (compiled.sql.includes(SENTINEL)) throw new Error(`prepared statement: a parameter was written into the SQL text: ${compiled.sql}`);
  return { compiled, slots };
}

/**
 * A prepared INSERT of whole rows of `table`. `columns` names every column once; the
 * first row inserted is checked against it, so a column added to the schema but not
 * here fails loudly instead of going missing.
 */
export function preparedInsert<T extends keyof Database>(table: T, columns: ReadonlyArray<keyof Database[T] & string>) {
  const insert = prepared((db, row: Record<string, unknown>) =>
    db.insertInto(table).values(Object.fromEntries(columns.map((c) => [c, row[c]])) as never));
  let checked = false;
  return async (db: Db, row: Database[T]): Promise<unknown> => {
    if (!checked) {
      const keys = Object.keys(row as object);
      const missing = keys.filter((k) => !columns.includes(k as keyof Database[T] & string));
      if (missing.length > 0 || keys.length !== columns.length) {
        throw new Error(`preparedInsert(${table}): columns ${columns.join(',')} do not match the row's ${keys.join(',')}`);
      }
      checked = true;
    }
    return insert(db, row as Record<string, unknown>);
  };
}
