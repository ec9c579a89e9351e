import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Errors } from '../domain/errors.js';
import type { Project, User } from '../domain/entities.js';
import type { ServiceDeps } from './context.js';
import { verifyPassword } from './passwords.js';

/** Tokens live 24 hours, as Huawei IAM's do. */
export const TOKEN_LIFETIME_MS = 24 * 3600 * 1000;

export interface TokenClaims {
  userId: string;
  projectId: string;
  /** Expiry, milliseconds since the epoch. */
  exp: number;
  issued: number;
  /**
   * A fingerprint of the user's password hash when the token was issued: a password
   * change invalidates the user's tokens (huawei-api.md §4.1), with no token table.
   */
  pwd: string;
}

/**
 * Self-contained tokens: the claims, signed with a secret kept in the store. Every
 * server of a fleet on one database shares the secret, so a token issued by one is
 * accepted by all, with no token table to write on each login.
 */
export class TokenIssuer {
  private secret: Buffer | undefined;

  constructor(private readonly deps: ServiceDeps) {}

  private async key(): Promise<Buffer> {
    if (!this.secret) {
      const hex = await this.deps.store.read.meta.get('token_secret')
        ?? await this.deps.store.write((tx) => tx.meta.getOrInit('token_secret', randomBytes(32).toString('hex')));
      this.secret = Buffer.from(hex, 'hex');
    }
    return this.secret;
  }

  async issue(user: User, projectId: string): Promise<{ token: string; claims: TokenClaims }> {
    const issued = this.deps.clock.now().getTime();
    const claims: TokenClaims = { userId: user.id, projectId, issued, exp: issued + TOKEN_LIFETIME_MS, pwd: await this.passwordFingerprint(user) };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const mac = createHmac('sha256', await this.key()).update(body).digest('base64url');
    return { token: `IST1.${body}.${mac}`, claims };
  }

  /** Whether the token was issued under the user's current password. */
  async issuedUnderCurrentPassword(claims: TokenClaims, user: User): Promise<boolean> {
    const current = Buffer.from(await this.passwordFingerprint(user));
    const given = Buffer.from(typeof claims.pwd === 'string' ? claims.pwd : '');
    return given.length === current.length && timingSafeEqual(given, current);
  }

  // Keyed, so a token reveals nothing about the hash it was issued under.
  private async passwordFingerprint(user: User): Promise<string> {
    return createHmac('sha256', await this.key()).update(`password\u0000${user.passwordHash}`).digest('base64url').slice(0, 22);
  }

  /** The claims of a valid, unexpired token, or null. */
  async verify(token: string): Promise<TokenClaims | null> {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== 'IST1') return null;
    const expected = createHmac('sha256', await this.key()).update(parts[1]!).digest();
    const given = Buffer.from(parts[2]!, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return null;
    }
    if (typeof claims.exp !== 'number' || claims.exp <= this.deps.clock.now().getTime()) return null;
    return claims;
  }
}

export interface PasswordLogin {
  domainName?: string;
  domainId?: string;
  userName: string;
  password: string;
  scope: { projectId?: string; projectName?: string };
}

/** Keystone v3 password authentication scoped to one project of the user's account. */
export async function authenticatePassword(deps: ServiceDeps, login: PasswordLogin): Promise<{ user: User; project: Project; accountName: string }> {
  const identity = deps.store.read.identity;
  const account = login.domainId ? await identity.accountById(login.domainId)
    : login.domainName ? await identity.accountByName(login.domainName) : undefined;
  const user = account && await identity.userByName(account.id, login.userName);
  if (!account || !user || !(await verifyPassword(login.password, user.passwordHash))) throw Errors.badCredentials();
  const projects = await identity.projectsOfAccount(account.id);
  const project = login.scope.projectId
    ? projects.find((p) => p.id === login.scope.projectId)
    : projects.find((p) => p.name === login.scope.projectName);
  if (!project) throw Errors.projectNotFound(login.scope.projectId ?? login.scope.projectName ?? '');
  if (!deps.config.regions.includes(project.region)) {
    throw Errors.projectNotFound(`project ${project.id} is in region ${project.region}, which this endpoint does not serve`);
  }
  return { user, project, accountName: account.name };
}
