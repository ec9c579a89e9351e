import { prepared } from '../prepared.js';
import type { Db } from '../schema.js';

const valueOf = prepared((db, p: { key: string }) => db.selectFrom('meta').select('value').where('key', '=', p.key));

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

  /** Bumped by every committed write (DialectAdapter.commitRevision). */
  async revision(): Promise<number> {
    return Number((await this.get('revision')) ?? '0');
  }
}
