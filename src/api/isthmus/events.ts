import { Type } from '@sinclair/typebox';
import { Errors } from '../../domain/errors.js';
import type { AuditEvent } from '../../store/repos/events.js';
import type { Operation } from '../huawei/operation.js';
import { projectParam, shortString } from '../huawei/operations/common.js';

const invalid = (detail: string) => Errors.eventsInvalid(detail);

export const EVENTS_MAX_LIMIT = 1000;

/**
 * An event as the caller may see it. The other party of a peering sees that the event
 * happened and to which peering, but not who did it inside the other account: the API
 * shows a peer only the other side's project id.
 */
export function eventView(e: AuditEvent, viewerProjectId: string): Record<string, unknown> {
  const own = e.projectId === viewerProjectId;
  return {
    id: e.id,
    time: e.time,
    project_id: e.projectId,
    peer_project_id: e.peerProjectId,
    user_id: own ? e.userId : null,
    account_id: own ? e.accountId : null,
    operation: e.operation,
    resource_type: e.resourceType,
    resource_id: e.resourceId,
    status: e.status,
    error_code: e.errorCode,
    request_id: e.requestId,
  };
}

/** `GET /isthmus/v1/{project_id}/events`: the audit trail of a project, oldest first. */
export const eventOperations: Operation[] = [
  {
    name: 'ListEvents', method: 'GET', path: '/isthmus/v1/:project_id/events', family: 'isthmus', tag: 'Isthmus', status: 200,
    invalid,
    summary: 'The audit trail: every mutating call on this project (and on peerings it is party to), oldest first.',
    schema: {
      params: Type.Object(projectParam),
      querystring: Type.Object({
        operation: Type.Optional(shortString(64)),
        resource_id: Type.Optional(shortString(128)),
        since: Type.Optional(shortString(40)),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: EVENTS_MAX_LIMIT })),
        marker: Type.Optional(shortString(64)),
      }),
    },
    handler: async ({ caller, query, services }) => {
      let since: string | undefined;
      if (query.since !== undefined) {
        const t = Date.parse(query.since);
        if (!/^\d{4}-\d\d-\d\d/.test(query.since) || Number.isNaN(t)) throw invalid('since must be an ISO 8601 time, e.g. 2026-01-01T00:00:00Z');
        since = new Date(t).toISOString();
      }
      const limit = query.limit ?? 100;
      const page = await services.deps.store.read.events.list(caller.projectId, {
        ...(query.operation !== undefined ? { operation: query.operation } : {}),
        ...(query.resource_id !== undefined ? { resourceId: query.resource_id } : {}),
        ...(since !== undefined ? { since } : {}),
      }, { limit, ...(query.marker !== undefined ? { marker: query.marker } : {}) });
      const events = page.items.map((e) => eventView(e, caller.projectId));
      return { events, ...(page.hasMore ? { next_marker: events[events.length - 1]!.id } : {}) };
    },
  },
];
