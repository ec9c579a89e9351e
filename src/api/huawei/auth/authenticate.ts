import { Errors } from '../../../domain/errors.js';
import type { Project, User } from '../../../domain/entities.js';
import type { Caller, ServiceDeps } from '../../../service/context.js';
import type { TokenIssuer } from '../../../service/tokens.js';
import { headerValue, type HeaderBag } from './canonical.js';
import { parseAuthorization, verifySignature } from './signature.js';
import type { LockoutGuard } from './lockout.js';

export interface AuthRequest {
  method: string;
  rawUrl: string;
  headers: HeaderBag;
  body: Buffer;
  /** The `{project_id}` of a v1 path, if the operation has one. */
  pathProjectId?: string;
}

/**
 * Small read-through caches: users by access key and projects by id change rarely and
 * are read on every request. Entries live a few seconds, so a key or project created by
 * `isthmus account create` in another process is seen at once (a miss goes to the store).
 */
class TtlCache<V> {
  private readonly map = new Map<string, { value: V; until: number }>();
  constructor(private readonly ttlMs: number, private readonly max = 10_000) {}
  get(key: string, now: number): V | undefined {
    const hit = this.map.get(key);
    return hit && hit.until > now ? hit.value : undefined;
  }
  set(key: string, value: V, now: number): void {
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(key, { value, until: now + this.ttlMs });
  }
}

/**
 * Resolves the caller of a request from `X-Auth-Token` or an `SDK-HMAC-SHA256` signature,
 * and the project it acts in: the token's scope, or the signed `X-Project-Id`, or (v1
 * without that header) the path's project. A v1 path naming another project than the
 * credentials' answers VPC.0007, as Huawei does.
 */
export class Authenticator {
  private readonly users = new TtlCache<User>(5_000);
  private readonly projects = new TtlCache<Project>(60_000);

  constructor(private readonly deps: ServiceDeps, private readonly tokens: TokenIssuer, private readonly lockout: LockoutGuard) {}

  async authenticate(req: AuthRequest): Promise<Caller> {
    const token = headerValue(req.headers, 'x-auth-token');
    if (token !== undefined) return this.byToken(token, req);
    const authorization = headerValue(req.headers, 'authorization');
    if (authorization === undefined) throw Errors.authFailed('no X-Auth-Token or Authorization header');
    return this.bySignature(authorization, req);
  }

  private async byToken(token: string, req: AuthRequest): Promise<Caller> {
    const claims = await this.tokens.verify(token);
    if (!claims) throw Errors.authFailed('the token is invalid or has expired');
    const user = await this.deps.store.read.identity.userById(claims.userId);
    if (!user) throw Errors.authFailed('the token\'s user no longer exists');
    if (!(await this.tokens.issuedUnderCurrentPassword(claims, user))) throw Errors.authFailed('the token was issued before the password changed');
    const project = await this.project(claims.projectId);
    if (!project || project.accountId !== user.accountId) throw Errors.authFailed('the token\'s project no longer exists');
    if (req.pathProjectId !== undefined && req.pathProjectId !== project.id) throw Errors.tenantMismatch();
    return this.callerFor(user, project);
  }

  private async bySignature(authorization: string, req: AuthRequest): Promise<Caller> {
    const parsed = parseAuthorization(authorization);
    if (!parsed.ok) throw Errors.authFailed(parsed.reason);
    const accessKey = parsed.authorization.accessKey;
    const nowDate = this.deps.clock.now();
    const now = nowDate.getTime();
    if (this.lockout.isLocked(accessKey, now)) throw Errors.accessKeyLocked();

    let user = this.users.get(accessKey, now);
    if (!user) {
      user = await this.deps.store.read.identity.userByAccessKey(accessKey);
      if (user) this.users.set(accessKey, user, now);
    }
    const secret = user?.secretKey;
    const result = verifySignature({
      method: req.method, rawUrl: req.rawUrl, headers: req.headers, body: req.body,
      lookupSecret: () => secret, now: nowDate, authorization: parsed.authorization,
    });
    if (!result.ok || !user) {
      this.lockout.recordFailure(accessKey, now);
      throw Errors.authFailed(result.ok ? 'Get secretKey failed' : result.reason);
    }
    this.lockout.recordSuccess(accessKey);

    const headerProject = headerValue(req.headers, 'x-project-id');
    let projectId: string;
    if (headerProject !== undefined) {
      // The SDK signs X-Project-Id. gophertelekomcloud (the OTC Terraform provider, the
      // derived-key form) sets it after signing, so it arrives unsigned; it is accepted
      // for that form only. It cannot widen access: the project must still belong to the
      // signer's account (checked below), so at worst a replay picks another of its own.
      if (!result.projectIdSigned && result.form !== 'credential') {
        throw Errors.authFailed('X-Project-Id must be among the signed headers');
      }
      if (req.pathProjectId !== undefined && req.pathProjectId !== headerProject) throw Errors.tenantMismatch();
      projectId = headerProject;
    } else if (req.pathProjectId !== undefined) {
      projectId = req.pathProjectId;
    } else {
      throw Errors.authFailed('X-Project-Id is required for this API');
    }
    const project = await this.project(projectId);
    if (!project || project.accountId !== user.accountId) throw Errors.forbiddenProject(projectId);
    return this.callerFor(user, project);
  }

  private async project(id: string): Promise<Project | undefined> {
    // A path can name anything; PostgreSQL cannot even look up a NUL (found by fuzzing).
    if (id.length > 64 || id.includes('\u0000')) return undefined;
    const now = Date.now();
    let project = this.projects.get(id, now);
    if (!project) {
      project = await this.deps.store.read.identity.projectById(id);
      if (project) this.projects.set(id, project, now);
    }
    return project;
  }

  private callerFor(user: User, project: Project): Caller {
    if (!this.deps.config.regions.includes(project.region)) throw Errors.forbiddenProject(project.id);
    return { userId: user.id, accountId: user.accountId, projectId: project.id, region: project.region };
  }
}
