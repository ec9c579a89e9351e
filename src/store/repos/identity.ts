import type { Account, Project, User } from '../../domain/entities.js';
import { prepared } from '../prepared.js';
import type { Db } from '../schema.js';

const projectRow = prepared((db, p: { id: string }) => db.selectFrom('projects').selectAll().where('id', '=', p.id));
const quotaRows = prepared((db, p: { projectId: string }) => db.selectFrom('quotas').selectAll().where('project_id', '=', p.projectId));

/** Accounts (domains), their users and their projects (one per region), and quota overrides. */
export class IdentityRepo {
  constructor(private readonly db: Db) {}

  async accountByName(name: string): Promise<Account | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('name', '=', name).executeTakeFirst();
    return row && { id: row.id, name: row.name, createdAt: row.created_at };
  }

  async accountById(id: string): Promise<Account | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, name: row.name, createdAt: row.created_at };
  }

  async insertAccount(a: Account): Promise<void> {
    await this.db.insertInto('accounts').values({ id: a.id, name: a.name, created_at: a.createdAt }).execute();
  }

  async insertUser(u: User): Promise<void> {
    await this.db.insertInto('users').values({
      id: u.id, account_id: u.accountId, name: u.name, password_hash: u.passwordHash,
      password_generation: u.passwordGeneration, access_key: u.accessKey, secret_key: u.secretKey,
    }).execute();
  }

  /** A new password: its hash and the generation it was derived with. */
  async setPassword(userId: string, passwordHash: string, generation: number): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash, password_generation: generation }).where('id', '=', userId).execute();
  }

  async usersOfAccount(accountId: string): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().where('account_id', '=', accountId).orderBy('name').execute();
    return rows.map(toUser);
  }

  async userByAccessKey(ak: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('access_key', '=', ak).executeTakeFirst();
    return row && toUser(row);
  }

  async userByName(accountId: string, name: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll()
      .where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
    return row && toUser(row);
  }

  async userById(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async insertProject(p: Project): Promise<void> {
    await this.db.insertInto('projects').values({ id: p.id, account_id: p.accountId, region: p.region, name: p.name }).execute();
  }

  async projectById(id: string): Promise<Project | undefined> {
    const row = (await projectRow(this.db, { id })).rows[0];
    return row && toProject(row);
  }

  async projectsOfAccount(accountId: string): Promise<Project[]> {
    const rows = await this.db.selectFrom('projects').selectAll().where('account_id', '=', accountId).orderBy('region').execute();
    return rows.map(toProject);
  }

  async quotaOverrides(projectId: string): Promise<Map<string, number>> {
    const { rows } = await quotaRows(this.db, { projectId });
    return new Map(rows.map((r) => [r.type, Number(r.limit)]));
  }

  async setQuota(projectId: string, type: string, limit: number): Promise<void> {
    await this.db.deleteFrom('quotas').where('project_id', '=', projectId).where('type', '=', type).execute();
    await this.db.insertInto('quotas').values({ project_id: projectId, type, limit }).execute();
  }
}

function toUser(r: {
  id: string; account_id: string; name: string; password_hash: string; password_generation: number; access_key: string; secret_key: string;
}): User {
  return {
    id: r.id, accountId: r.account_id, name: r.name, passwordHash: r.password_hash, passwordGeneration: Number(r.password_generation),
    accessKey: r.access_key, secretKey: r.secret_key,
  };
}

function toProject(r: { id: string; account_id: string; region: string; name: string }): Project {
  return { id: r.id, accountId: r.account_id, region: r.region, name: r.name };
}
