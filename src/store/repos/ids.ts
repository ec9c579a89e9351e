/** Ids per `where id in (...)`: far below SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

/** Runs `fetch` over the ids in chunks and concatenates the rows. */
export async function inChunks<T>(ids: readonly string[], fetch: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await fetch(ids.slice(i, i + CHUNK))));
  return out;
}
