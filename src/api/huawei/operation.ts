import type { TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../../domain/errors.js';
import type { Caller } from '../../service/context.js';
import type { Services } from '../../service/services.js';
import type { Family } from './family.js';

export interface OperationContext {
  caller: Caller;
  body: any;
  query: any;
  params: any;
  services: Services;
  request: FastifyRequest;
  reply: FastifyReply;
  /** `http://host[:port]` as the client addressed us, for pagination links. */
  baseUrl: string;
}

/**
 * One API operation, declared once (LocalStack ASF style): the route, its schemas (which
 * also make /openapi.json), its success status, and its handler. Authentication, request
 * ids, error shapes and validation are applied around it by the server, never inside.
 */
export interface Operation {
  /** Huawei's operation name, e.g. CreateVpcPeering; the OpenAPI operationId. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** fastify path, e.g. `/v2.0/vpc/peerings/:peering_id`. */
  path: string;
  family: Family;
  summary: string;
  tag: string;
  /**
   * `response` (by status) documents the answer in /openapi.json and lets fastify write
   * it with a compiled serialiser; it must name every field the view has, since fields
   * it does not name are left out.
   */
  schema?: { body?: TSchema; querystring?: TSchema; params?: TSchema; response?: Record<number, TSchema> };
  /** Success status: v1 200, v2.0 create 201, delete 204 (huawei-api.md §1.0). */
  status: number;
  /** The error for a request that fails schema validation or JSON parsing. */
  invalid: (detail: string) => ApiError;
  /** False only for the token API itself. */
  authenticated?: boolean;
  /** A POST that asks a question and changes nothing (reachability): not audited. */
  readOnly?: boolean;
  /**
   * Brings time-driven state up to date before every answer, made afresh or taken from
   * the cache (peering expiry, which commits like any change). The server runs it, so
   * the handler need not again.
   */
  refresh?: (services: Services) => Promise<unknown>;
  /**
   * The answer depends only on stored intent, the caller's project and the request URL,
   * so a repeated request at an unchanged store revision is answered from the server's
   * RevisionCache (api/huawei/revision-cache.ts).
   */
  revisionCached?: true;
  handler: (ctx: OperationContext) => Promise<unknown>;
}
