import { Type } from '@sinclair/typebox';
import { Errors } from '../../../domain/errors.js';
import { authenticatePassword } from '../../../service/tokens.js';
import type { Operation } from '../operation.js';
import { shortString } from './common.js';

const invalid = (detail: string) => Errors.badAuthRequest(detail);
const named = Type.Object({ name: Type.Optional(shortString(64)), id: Type.Optional(shortString(64)) });

/** Keystone v3 password tokens (huawei-api.md §4.1), scoped to one project. */
export const iamOperations: Operation[] = [
  {
    name: 'KeystoneCreateUserTokenByPassword', method: 'POST', path: '/v3/auth/tokens', family: 'iam', tag: 'IAM', status: 201,
    invalid, authenticated: false,
    summary: 'Obtain a token (24 h) from account, user name and password; it comes back in X-Subject-Token.',
    schema: {
      body: Type.Object({
        auth: Type.Object({
          identity: Type.Object({
            methods: Type.Array(Type.Literal('password'), { minItems: 1, maxItems: 1 }),
            password: Type.Object({
              user: Type.Object({ name: shortString(64), password: shortString(128), domain: named }),
            }),
          }),
          scope: Type.Object({ project: Type.Object({ id: Type.Optional(shortString(64)), name: Type.Optional(shortString(64)), domain: Type.Optional(named) }) }),
        }),
      }),
    },
    handler: async ({ body, services, reply }) => {
      const user = body.auth.identity.password.user;
      const scope = body.auth.scope.project;
      if (scope.id === undefined && scope.name === undefined) throw invalid('scope.project needs an id or a name');
      const login = await authenticatePassword(services.deps, {
        domainName: user.domain.name, domainId: user.domain.id, userName: user.name, password: user.password,
        scope: { projectId: scope.id, projectName: scope.name },
      });
      const { token, claims } = await services.tokens.issue(login.user, login.project.id);
      reply.header('X-Subject-Token', token);
      const domain = { id: login.user.accountId, name: login.accountName };
      return {
        token: {
          expires_at: new Date(claims.exp).toISOString(), issued_at: new Date(claims.issued).toISOString(), methods: ['password'],
          user: { id: login.user.id, name: login.user.name, domain },
          project: { id: login.project.id, name: login.project.name, domain },
          roles: [{ id: '0', name: 'te_admin' }], catalog: [],
        },
      };
    },
  },
  {
    name: 'KeystoneListAuthProjects', method: 'GET', path: '/v3/auth/projects', family: 'iam', tag: 'IAM', status: 200, invalid,
    summary: 'List the projects (one per region) the caller\'s account has.',
    handler: async ({ caller, services }) => {
      const projects = await services.deps.store.read.identity.projectsOfAccount(caller.accountId);
      return {
        projects: projects.map((p) => ({
          id: p.id, name: p.name, domain_id: p.accountId, enabled: services.deps.config.regions.includes(p.region),
        })),
      };
    },
  },
];
