import fastifySwagger from '@fastify/swagger';
import { Ajv } from 'ajv';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Errors } from '../../domain/errors.js';
import type { Caller } from '../../service/context.js';
import type { Services } from '../../service/services.js';
import type { ServerMetrics } from '../../metrics.js';
import { isAudited, RequestAudit } from './audit.js';
import { containsNul } from './nul.js';
import { Authenticator } from './auth/authenticate.js';
import { LockoutGuard } from './auth/lockout.js';
import { errorBody, toApiError } from './errors.js';
import type { RevisionCache } from './revision-cache.js';
import { familyOf } from './family.js';
import type { Operation } from './operation.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: signatures are computed over these bytes. */
    rawBody?: Buffer;
    operation?: Operation;
    caller?: Caller;
    /** The audit of a mutating call (api/huawei/audit.ts). */
    audit?: RequestAudit;
    /** Where the answer of a revision-cached operation is to be kept. */
    cacheSlot?: { key: string; revision: number };
  }
}

export interface ServerOptions {
  logger?: boolean | object;
  /** Extra operations (Isthmus extensions) registered beside the Huawei ones. */
  operations: readonly Operation[];
  /** Registers additional routes (health, console, metrics) on the instance. */
  extend?: (app: FastifyInstance) => Promise<void> | void;
  bodyLimit?: number;
  /** Requests by operation and status, latency per operation (GET /metrics). */
  metrics?: ServerMetrics;
  /** Limits against slow, stalled or too many clients; defaults in CONNECTION_LIMITS. */
  limits?: Partial<ConnectionLimits>;
  /** Answers of revision-cached operations (null or absent: every request is answered afresh). */
  revisionCache?: RevisionCache | null;
}

/**
 * What a slow or stalled client may hold (issue 7): a client that has not sent its
 * headers in `headersTimeoutMs` or its whole request in `requestTimeoutMs` is cut off
 * (408), an idle keep-alive socket is closed after `keepAliveTimeoutMs`, any socket
 * silent for `idleTimeoutMs` is destroyed, a socket serves `maxRequestsPerSocket`
 * requests at most (0: no limit), and connections beyond `maxConnections` are refused
 * at accept.
 */
export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  idleTimeoutMs: number;
  maxRequestsPerSocket: number;
  maxConnections: number;
  /** How often node checks the header and request deadlines. */
  checkIntervalMs: number;
}

export const CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  // Unlimited: a busy socket holds nothing more than an idle one, and past the limit node
  // answers 503 to clients that ignore `Connection: close` (autocannon does, for one).
  maxRequestsPerSocket: 0,
  maxConnections: 2_048,
  checkIntervalMs: 1_000,
};

const ONE_MIB = 1024 * 1024;

/**
 * Builds the HTTP server: one route per operation, and around each the cross-cutting
 * steps, each in one place: request id, raw-body capture, authentication, validation
 * errors in the family's shape, and the serialisation of every error.
 */
export async function buildServer(services: Services, options: ServerOptions): Promise<FastifyInstance> {
  const limits: ConnectionLimits = { ...CONNECTION_LIMITS, ...options.limits };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? ONE_MIB,
    genReqId: () => randomUUID().replace(/-/g, ''),
    requestIdHeader: false,
    // Slow or stalled clients must not hold the server (issue 7): see ConnectionLimits.
    connectionTimeout: limits.idleTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    http: { headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs), connectionsCheckingInterval: limits.checkIntervalMs },
    routerOptions: { maxParamLength: 200 },
    // The router's own refusals (a malformed percent-encoding, an over-long path parameter)
    // answer in the gateway shape with a request id, like every other error (found by fuzzing).
    frameworkErrors: (err, request, rawReply) => {
      const apiError = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? Errors.uriTooLong() : Errors.badUrl();
      const reply = rawReply as unknown as FastifyReply;
      void reply.status(apiError.status).header('X-Request-Id', request.id).type('application/json')
        .send(errorBody('gateway', apiError, request.id));
    },
  });
  // Query strings and path parameters arrive as text and are coerced (`limit=10`); JSON
  // bodies are not: `"name": 123` is a wrong type and answers 400, never a VPC named "123".
  const ajvOptions = { removeAdditional: false, allErrors: false, useDefaults: false, strict: false } as const;
  const coercing = new Ajv({ ...ajvOptions, coerceTypes: true });
  const exact = new Ajv({ ...ajvOptions, coerceTypes: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? exact : coercing).compile(schema));
  app.server.maxConnections = limits.maxConnections;
  const authenticator = new Authenticator(services.deps, services.tokens, new LockoutGuard());

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Isthmus: Huawei Cloud / OTC compatible VPC and VPC peering API',
        version: '0.1.0',
        description: 'Authenticate with AK/SK (SDK-HMAC-SHA256) or X-Auth-Token from POST /v3/auth/tokens.',
      },
    },
  });

  // Every body is read as bytes first (the signature covers them), then parsed as JSON.
  // An empty body is no body: the SDK sends Content-Type: application/json on GET,
  // DELETE and on accept/reject with Content-Length: 0.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer, done) => {
    request.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    const type = String(request.headers['content-type'] ?? '');
    if (type !== '' && !/^application\/(json|.*\+json)\b/i.test(type) && !/^text\/plain\b/i.test(type)) {
      return done(Errors.unsupportedMediaType(type), undefined);
    }
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch (err) {
      done(Object.assign(new Error((err as Error).message), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 }), undefined);
    }
  });

  // Hooks that do not wait on anything take fastify's callback form: an async hook costs
  // each request a promise and a microtask turn.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });

  const metrics = options.metrics;
  if (metrics) {
    app.addHook('onResponse', (request, reply, done) => {
      // Label by operation name, or the route's pattern (/health, /metrics): never the raw URL.
      const route = request.routeOptions.url;
      metrics.observe(request.operation?.name ?? (route ? `route ${route}` : 'unmatched'), reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }

  app.setErrorHandler((err, request, reply) => {
    const family = familyOf(request.url);
    const operation = request.operation;
    const invalid = operation?.invalid ?? Errors.gatewayBadRequest;
    const apiError = toApiError(err, invalid);
    if (apiError.status >= 500) request.log.error({ err }, 'request failed');
    void reply.status(apiError.status).type('application/json').send(errorBody(family, apiError, request.id));
  });

  app.setNotFoundHandler((request, reply) => {
    const apiError = Errors.apiNotFound();
    void reply.status(404).type('application/json').send(errorBody(familyOf(request.url), apiError, request.id));
  });

  const cache = options.revisionCache ?? null;
  for (const op of [...options.operations]) registerOperation(app, op, services, authenticator, cache);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  if (options.extend) await options.extend(app);
  return app;
}

function registerOperation(app: FastifyInstance, op: Operation, services: Services, authenticator: Authenticator, cache: RevisionCache | null): void {
  const cached = cache && op.revisionCached ? cache : null;
  const audited = isAudited(op);
  const pathParams = [...op.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  app.route({
    method: op.method,
    url: op.path,
    schema: { ...op.schema, operationId: op.name, summary: op.summary, tags: [op.tag] } as Record<string, unknown>,
    onRequest: (request, reply, done) => {
      // An empty path segment (`/v1//vpcs`, `/v2.0/vpc/peerings/`) names no API: the
      // gateway answers its unknown-path 404 before anyone is authenticated (huawei-api.md
      // §2 item 4), so no token or signature check may see it first. No operation, no
      // audit: it is not one.
      if (pathParams.length > 0 && hasEmptyParam(request.params as Record<string, string>, pathParams)) {
        reply.callNotFound();
        return;
      }
      request.operation = op;
      if (audited) request.audit = new RequestAudit(op, request, services.deps.clock.now());
      done();
    },
    // The audit event is complete (or, for a failure, written) before the answer leaves.
    // Only operations that audit or cache have this hook: the others skip a step per request.
    ...(audited || cached ? {
      onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        if (cached && request.cacheSlot && reply.statusCode === op.status && typeof payload === 'string') {
          cached.set(request.cacheSlot.key, request.cacheSlot.revision, payload);
        }
        if (request.audit) {
          try {
            await request.audit.finish(services, request, reply.statusCode, payload);
          } catch (err) {
            request.log.error({ err }, 'recording the audit event failed');
          }
        }
        return payload;
      },
    } : {}),
    // Authentication runs before validation: a caller who cannot prove who it is learns
    // nothing about its input, and a bad signature is reported as such.
    preValidation: async (request) => {
      if (op.authenticated === false) return;
      const params = request.params as Record<string, string>;
      request.caller = await authenticator.authenticate({
        method: request.method, rawUrl: request.raw.url ?? request.url, headers: request.headers,
        body: request.rawBody ?? Buffer.alloc(0), pathProjectId: params.project_id,
      });
      request.audit?.authenticated(request.caller);
    },
    handler: async (request, reply) => {
      // After validation, so a wrong type is reported as such first.
      if (containsNul(request.params) || containsNul(request.query) || containsNul(request.body)) {
        throw op.invalid('strings must not contain NUL (U+0000) characters');
      }
      if (op.refresh) await op.refresh(services);
      if (cached) {
        // The revision is read before the answer is made, so the answer is at least that
        // new, and it is served again only while the revision has not moved.
        const revision = await services.deps.store.read.meta.revision();
        const key = `${op.name}\u0000${request.caller!.projectId}\u0000${request.protocol}://${request.headers.host ?? ''}${request.raw.url ?? request.url}`;
        const hit = cached.get(key, revision);
        if (hit !== undefined) return reply.status(op.status).type('application/json; charset=utf-8').send(hit);
        request.cacheSlot = { key, revision };
      }
      const audit = request.audit;
      const result = await op.handler({
        caller: audit ? { ...request.caller!, audit } : request.caller!,
        body: request.body, query: request.query, params: request.params, services, request, reply,
        baseUrl: `${request.protocol}://${request.headers.host ?? 'localhost'}`,
      });
      reply.status(op.status);
      if (op.status === 204 || result === undefined) return reply.send();
      return result;
    },
  });
}

function hasEmptyParam(params: Record<string, string>, names: readonly string[]): boolean {
  for (const name of names) if (params[name] === '') return true;
  return false;
}
