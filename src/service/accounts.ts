import { newAccessKey, newHexId, newPassword, newSecretKey } from '../domain/ids.js';
import type { Store } from '../store/store.js';
import { hashPassword } from './passwords.js';

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

const ACCOUNT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const REGION = /^[a-z]{2}-[a-z0-9-]{1,30}$/;

/**
 * `isthmus account create NAME --region R` (CONTRACTS.md). A new name makes an account
 * with one user (named after the account, as a Huawei account's first IAM user is) and
 * one project in the region. The same name with another region adds a project there and
 * returns the same user and keys. The password is only known at creation; asking again
 * for an existing account issues a new one.
 */
export async function createAccount(store: Store, name: string, region: string, now: Date): Promise<CreatedAccount> {
  if (!ACCOUNT_NAME.test(name)) {
    throw new Error('account name must start with a letter and hold at most 64 letters, digits, _ or -');
  }
  if (!REGION.test(region)) throw new Error(`invalid region ${JSON.stringify(region)} (expected e.g. eu-de)`);
  const password = newPassword();
  const passwordHash = await hashPassword(password);

  return store.write(async (tx) => {
    let account = await tx.identity.accountByName(name);
    if (!account) {
      account = { id: newHexId(), name, createdAt: now.toISOString() };
      await tx.identity.insertAccount(account);
      await tx.identity.insertUser({
        id: newHexId(), accountId: account.id, name, passwordHash, accessKey: newAccessKey(), secretKey: newSecretKey(),
      });
    }
    const user = (await tx.identity.usersOfAccount(account.id))[0]!;
    // The contract prints a password; for an existing account that means a fresh one.
    await tx.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();

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
}
