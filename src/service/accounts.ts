import { newAccessKey, newHexId, newSecretKey } from '../domain/ids.js';
import type { User } from '../domain/entities.js';
import type { Store } from '../store/store.js';
import { derivedPassword, hashPassword, verifyPassword } from './passwords.js';

export interface CreatedAccount {
  account_id: string;
  account_name: string;
  project_id: string;
  region: string;
  user: string;
  password: string;
  access_key: string;
  secret_key: string;
}

export interface ChangedPassword {
  account_id: string;
  account_name: string;
  user: string;
  password: string;
}

const ACCOUNT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const REGION = /^[a-z]{2}-[a-z0-9-]{1,30}$/;

/** Another `account` command changed the same account between our read and our write: run again. */
class ChangedMeanwhile extends Error {
  constructor() {
    super('the account was changed by another command at the same time; try again');
  }
}

/**
 * `isthmus account create NAME --region R` (CONTRACTS.md). A new name makes an account
 * with one user (named after the account, as a Huawei account's first IAM user is) and
 * one project in the region. The same name with another region adds a project there and
 * returns the same user, keys and password: asking again changes nothing else, so no one
 * is signed out. (The password is derived from the secret key, service/passwords.ts; a
 * user made before migration 007 had a random one, replaced by the derived one here once.)
 */
export async function createAccount(store: Store, name: string, region: string, now: Date): Promise<CreatedAccount> {
  if (!ACCOUNT_NAME.test(name)) {
    throw new Error('account name must start with a letter and hold at most 64 letters, digits, _ or -');
  }
  if (!REGION.test(region)) throw new Error(`invalid region ${JSON.stringify(region)} (expected e.g. eu-de)`);
  return retried(async () => {
    // scrypt runs before the write transaction: a write must not wait on anything else.
    const known = await userOf(store, name);
    const user: User = known ?? {
      id: newHexId(), accountId: newHexId(), name, passwordHash: '', passwordGeneration: 0,
      accessKey: newAccessKey(), secretKey: newSecretKey(),
    };
    const password = derivedPassword(user.secretKey, user.id, user.passwordGeneration);
    const newHash = known && (await verifyPassword(password, known.passwordHash)) ? undefined : await hashPassword(password);

    return store.write(async (tx) => {
      let account = await tx.identity.accountByName(name);
      if (!known) {
        if (account) throw new ChangedMeanwhile();
        account = { id: user.accountId, name, createdAt: now.toISOString() };
        await tx.identity.insertAccount(account);
        await tx.identity.insertUser({ ...user, passwordHash: newHash! });
      } else {
        const current = account && (await tx.identity.usersOfAccount(account.id))[0];
        if (!account || !current || current.passwordHash !== known.passwordHash) throw new ChangedMeanwhile();
        if (newHash) await tx.identity.setPassword(user.id, newHash, user.passwordGeneration);
      }
      const projects = await tx.identity.projectsOfAccount(account.id);
      let project = projects.find((p) => p.region === region);
      if (!project) {
        project = { id: newHexId(), accountId: account.id, region, name: region };
        await tx.identity.insertProject(project);
      }
      return {
        account_id: account.id, account_name: account.name, project_id: project.id, region,
        user: user.name, password, access_key: user.accessKey, secret_key: user.secretKey,
      };
    });
  });
}

/**
 * `isthmus account password NAME`: the account's user gets the next generation's password.
 * The old password stops working and every token issued under it is refused (huawei-api.md
 * §4.1: changing the password invalidates the tokens).
 */
export async function changePassword(store: Store, name: string): Promise<ChangedPassword> {
  return retried(async () => {
    const known = await userOf(store, name);
    if (!known) throw new Error(`no account named ${JSON.stringify(name)}`);
    const generation = known.passwordGeneration + 1;
    const password = derivedPassword(known.secretKey, known.id, generation);
    const passwordHash = await hashPassword(password);
    return store.write(async (tx) => {
      const current = await tx.identity.userById(known.id);
      if (!current || current.passwordHash !== known.passwordHash) throw new ChangedMeanwhile();
      await tx.identity.setPassword(known.id, passwordHash, generation);
      return { account_id: known.accountId, account_name: name, user: known.name, password };
    });
  });
}

/** The account's user (an account has one), or undefined when there is no such account. */
async function userOf(store: Store, name: string): Promise<User | undefined> {
  const account = await store.read.identity.accountByName(name);
  return account && (await store.read.identity.usersOfAccount(account.id))[0];
}

/**
 * Runs `attempt` again when another command changed the account between its read and its
 * write: the next attempt reads the account afresh and answers as for an existing one.
 * (PostgreSQL, READ COMMITTED: when two commands insert one new account at once, the
 * second fails on the unique index once the first commits; the store reruns that
 * transaction, which then sees the account and throws ChangedMeanwhile. Test:
 * accounts.test.ts.)
 */
async function retried<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof ChangedMeanwhile) || i === 5) throw err;
    }
  }
}
