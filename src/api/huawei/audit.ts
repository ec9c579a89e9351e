import type { FastifyRequest } from 'fastify';
import type { Services } from '../../service/services.js';
import type { AuditScope } from '../../store/audit.js';
import { timeOrderedId } from '../../store/event-ids.js';
import type { AuditEvent } from '../../store/repos/events.js';
import type { StoreTx } from '../../store/store.js';
import { headerValue } from './auth/canonical.js';
import type { Operation } from './operation.js';

/** Operations that change something: every POST, PUT and DELETE except the token API and questions. */
export const isAudited = (op: Operation): boolean => op.method !== 'GET' && op.authenticated !== false && op.readOnly !== true;

/** The resource an operation acts on, from its path: `/v1/:project_id/vpcs/:vpc_id` → vpc, `vpc_id`. */
export function resourceOf(path: string): { type: string; idParam: string | undefined } {
  const segments = path.split('/').filter((s) => s !== '');
  for (let i = segments.length - 1; i > 0; i--) {
    const s = segments[i]!;
    if (s.startsWith(':') && s !== ':project_id') return { type: singular(segments[i - 1]!), idParam: s.slice(1) };
  }
  const literal = [...segments].reverse().find((s) => !s.startsWith(':') && s !== 'action') ?? 'unknown';
  return { type: singular(literal), idParam: undefined };
}

const resources = new WeakMap<Operation, ReturnType<typeof resourceOf>>();

/** `resourceOf(op.path)`, worked out once per operation rather than on every request. */
function resourceOfOperation(op: Operation): ReturnType<typeof resourceOf> {
  let resource = resources.get(op);
  if (!resource) resources.set(op, resource = resourceOf(op.path));
  return resource;
}

const singular = (s: string) => (s.endsWith('s') && s.length > 1 ? s.slice(0, -1) : s);

const PROJECT_ID = /^[0-9a-f]{32}$/;

/**
 * The audit of one mutating request. A successful change writes its event inside its own
 * transaction (Store.write calls `onWrite`); the answer then completes it (the id of a
 * created resource, the final status). A request that changed nothing (a failure, or
 * a success without a write) records its event in one statement of its own before the
 * answer is sent. Nothing from the body, the headers' credentials or the signature is kept.
 */
export class RequestAudit implements AuditScope {
  readonly event: AuditEvent;
  private committed = false;
  private closed = false;
  private recorded = '';

  constructor(op: Operation, request: FastifyRequest, now: Date) {
    const { type, idParam } = resourceOfOperation(op);
    const params = (request.params ?? {}) as Record<string, unknown>;
    const resourceId = idParam !== undefined && typeof params[idParam] === 'string' ? clip(params[idParam] as string) : null;
    this.event = {
      id: timeOrderedId(now.getTime()), time: now.toISOString(), projectId: '', peerProjectId: null, userId: null,
      accountId: null, operation: op.name, resourceType: type, resourceId, status: op.status, errorCode: null,
      requestId: request.id,
    };
  }

  /** The project a request names before it is authenticated (path, else X-Project-Id), if well-formed. */
  claimedProject(request: FastifyRequest): string | undefined {
    const params = (request.params ?? {}) as Record<string, unknown>;
    const candidate = typeof params.project_id === 'string' ? params.project_id : headerValue(request.headers, 'x-project-id');
    return candidate !== undefined && PROJECT_ID.test(candidate) ? candidate : undefined;
  }

  authenticated(caller: { userId: string; accountId: string; projectId: string }): void {
    this.event.userId = caller.userId;
    this.event.accountId = caller.accountId;
    this.event.projectId = caller.projectId;
  }

  /** The other party of a peering the caller is party to (never of one it may not see). */
  otherParty(peering: { requestProjectId: string; acceptProjectId: string } | undefined): void {
    const own = this.event.projectId;
    if (!peering || (peering.requestProjectId !== own && peering.acceptProjectId !== own)) return;
    const other = peering.requestProjectId === own ? peering.acceptProjectId : peering.requestProjectId;
    this.event.peerProjectId = other === own ? null : other;
  }

  async onWrite(tx: StoreTx, value: unknown): Promise<void> {
    if (this.closed || this.event.projectId === '') return;
    this.absorbDomain(value);
    await tx.events.put({ ...this.event });
    this.committed = true;
    this.recorded = JSON.stringify(this.event);
  }

  /**
   * Called with the answer, before it is sent. Records what the transaction did not know
   * yet, or the failure. Returns without recording when no project can be named.
   */
  async finish(services: Services, request: FastifyRequest, status: number, payload: unknown): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.event.status = status;
    if (status >= 400) {
      const body = parseJson(payload);
      this.event.errorCode = typeof body?.error_code === 'string' ? clip(body.error_code) : null;
      // A success names the other party of a peering from what its transaction returned;
      // a failure changed nothing, so the peering is read now (once, off the success path).
      const peeringId = (request.params as Record<string, unknown> | undefined)?.peering_id;
      if (this.event.peerProjectId === null && this.event.projectId !== '' && typeof peeringId === 'string') {
        this.otherParty(await services.deps.store.read.peerings.get(peeringId).catch(() => undefined));
      }
    } else {
      this.event.errorCode = null;
      // The answer is decoded only for what the transaction's value did not already give.
      // Only a peering's answer names another party.
      const partiesUnknown = this.event.resourceType === 'peering' && this.event.peerProjectId === null;
      if (this.event.resourceId === null || partiesUnknown) this.absorbWire(parseJson(payload));
    }
    if (this.event.projectId === '') {
      const claimed = this.claimedProject(request);
      // Only projects that exist: random ids in failed requests must not grow the table.
      if (claimed === undefined || !(await services.deps.store.read.identity.projectById(claimed))) return;
      this.event.projectId = claimed;
    }
    if (this.committed && JSON.stringify(this.event) === this.recorded) return;
    await services.deps.store.recordEvent({ ...this.event });
  }

  /** What a service returned from its transaction: the resource, a peering's parties. */
  private absorbDomain(value: unknown): void {
    if (!value || typeof value !== 'object') return;
    const v = value as Record<string, unknown>;
    if (this.event.resourceId === null && typeof v.id === 'string') this.event.resourceId = v.id;
    if (typeof v.requestProjectId === 'string' && typeof v.acceptProjectId === 'string') {
      this.otherParty({ requestProjectId: v.requestProjectId, acceptProjectId: v.acceptProjectId });
    }
  }

  /** The answer's single resource object (`{"vpc": {...}}`, `{"peering": {...}}`). */
  private absorbWire(body: Record<string, unknown> | undefined): void {
    if (!body) return;
    const keys = Object.keys(body);
    if (keys.length !== 1) return;
    const resource = body[keys[0]!];
    if (!resource || typeof resource !== 'object' || Array.isArray(resource)) return;
    const r = resource as Record<string, any>;
    if (this.event.resourceId === null && typeof r.id === 'string') this.event.resourceId = clip(r.id);
    const req = r.request_vpc_info?.tenant_id;
    const acc = r.accept_vpc_info?.tenant_id;
    if (typeof req === 'string' && typeof acc === 'string') this.otherParty({ requestProjectId: req, acceptProjectId: acc });
  }
}

const clip = (s: string) => s.slice(0, 128);

function parseJson(payload: unknown): Record<string, any> | undefined {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return undefined;
  const text = payload.toString();
  if (text === '' || text[0] !== '{') return undefined;
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}
