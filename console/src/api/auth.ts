import { http } from './http';
import type { Project, TokenInfo } from './types';

/** A signed-in user, scoped to one project (= one region). Kept in sessionStorage. */
export interface Session {
  token: string;
  expiresAt: string;
  accountName: string;
  userName: string;
  userId: string;
  projectId: string;
  projectName: string;
}

export interface Credentials {
  account: string;
  user: string;
  password: string;
  /** A region name such as eu-de: the project of that name is the scope. */
  region: string;
}

function sessionFrom(token: string | null, info: TokenInfo, accountFallback: string): Session {
  if (!token) throw new Error('The server did not return a token (X-Subject-Token header missing).');
  return {
    token,
    expiresAt: info.expires_at,
    accountName: info.user?.domain?.name ?? accountFallback,
    userName: info.user?.name ?? '',
    userId: info.user?.id ?? '',
    projectId: info.project?.id ?? '',
    projectName: info.project?.name ?? '',
  };
}

/** Password sign-in through the Keystone v3 token API, scoped to one project. */
async function passwordLogin(c: Omit<Credentials, 'region'>, project: { name: string; domain: { name: string } } | { id: string }): Promise<Session> {
  const res = await http<{ token: TokenInfo }>('/v3/auth/tokens', {
    method: 'POST',
    body: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: c.user, password: c.password, domain: { name: c.account } } },
        },
        scope: { project },
      },
    },
  });
  return sessionFrom(res.headers.get('X-Subject-Token'), res.body.token, c.account);
}

/** Sign-in scoped by project (region) name. */
export function login(c: Credentials): Promise<Session> {
  return passwordLogin(c, { name: c.region, domain: { name: c.account } });
}

/** Sign-in scoped to a project id (used by the region switcher when re-scoping by token fails). */
export function loginToProject(c: Omit<Credentials, 'region'>, projectId: string): Promise<Session> {
  return passwordLogin(c, { id: projectId });
}

/** Keystone's token method: a new token for another project of the same account, no password. */
export async function rescope(session: Session, projectId: string): Promise<Session> {
  const res = await http<{ token: TokenInfo }>('/v3/auth/tokens', {
    method: 'POST',
    token: session.token,
    body: {
      auth: {
        identity: { methods: ['token'], token: { id: session.token } },
        scope: { project: { id: projectId } },
      },
    },
  });
  return sessionFrom(res.headers.get('X-Subject-Token'), res.body.token, session.accountName);
}

/** The account's projects (one per region) for the region switcher. */
export async function listProjects(session: Session): Promise<Project[]> {
  const res = await http<{ projects: Project[] }>('/v3/auth/projects', { token: session.token });
  return res.body.projects ?? [];
}

const KEY = 'isthmus.session';

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (!s.token || !s.projectId) return null;
    if (s.expiresAt && Date.parse(s.expiresAt.endsWith('Z') ? s.expiresAt : `${s.expiresAt}Z`) < Date.now()) return null;
    return s;
  } catch {
    return null;
  }
}

export function saveSession(s: Session | null): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}
