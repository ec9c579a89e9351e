import { sql } from 'kysely';
import { prepared } from '../prepared.js';
import type { Db } from '../schema.js';

const valueOf = prepared((db, p: { key: string }) => db.selectFrom('meta').select('value').where('key', '=', p.key));
const bump = prepared((db, p: { key: string }) => db.updateTable('meta')
  .set({ value: sql<string>`cast(cast(value as integer) + 1 as text)` }).where('key', '=', p.key).returning('value'));

/** Server-wide values: the intent revision and secrets generated once per store. */
export class MetaRepo {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<string | undefined> {
    return (await valueOf(this.db, { key })).rows[0]?.value;
  }

  /** Sets `key` only if it has no value yet; returns the value that holds afterwards. */
  async getOrInit(key: string, value: string): Promise<string> {
    const existing = await this.get(key);
    if (existing !== undefined) return existing;
    await this.db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
    return (await this.get(key))!;
  }

  async revision(): Promise<number> {
    return Number((await this.get('revision')) ?? '0');
  }

  /** Every committed change bumps the revision inside its own transaction. */
  async bumpRevision(): Promise<number> {
    const row = (await bump(this.db, { key: 'revision' })).rows[0];
    if (!row) throw new Error('the store has no revision row');
    return Number(row.value);
  }
}
