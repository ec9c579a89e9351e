import { Type } from '@sinclair/typebox';
import type { PageRequest } from '../../store/repos/page.js';

/** `limit` 0-2000 (0 and absent mean the maximum, 2000), `marker` a resource id (huawei-api.md §1.0). */
export const MAX_LIMIT = 2000;

export const pageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_LIMIT })),
  marker: Type.Optional(Type.String({ maxLength: 64 })),
  page_reverse: Type.Optional(Type.Union(['True', 'False', 'true', 'false'].map((v) => Type.Literal(v)))),
};

export function pageOf(query: { limit?: number; marker?: string; page_reverse?: string }): PageRequest {
  return {
    limit: query.limit === undefined || query.limit === 0 ? MAX_LIMIT : query.limit,
    ...(query.marker !== undefined ? { marker: query.marker } : {}),
    reverse: query.page_reverse?.toLowerCase() === 'true',
  };
}

/** An invalid marker is a 400 (D-PAGE): it must name a resource the caller can see. */
export async function checkMarker(
  marker: string | undefined,
  exists: (id: string) => Promise<boolean>,
  invalid: (detail: string) => Error,
): Promise<void> {
  if (marker === undefined) return;
  if (!(await exists(marker))) throw invalid(`marker ${JSON.stringify(marker)} does not name a resource of this list`);
}

/**
 * Neutron-style `{resources}_links`, present only when `limit` was used (huawei-api.md
 * §1.0, D-PAGE). `next` walks forward from the page's last item, `previous` walks back
 * (`page_reverse=True`) from its first item, and each appears only when items remain on
 * its side, so no link leads to an empty page. `hasMore` says items remain in the
 * direction the page was read: after it for a forward page, before it for a reversed one.
 * A marker says the other side is not empty (the marker itself is a visible item).
 */
export function pageLinks(
  baseUrl: string,
  path: string,
  query: Record<string, unknown>,
  items: ReadonlyArray<{ id: string }>,
  hasMore: boolean,
): Array<{ href: string; rel: 'next' | 'previous' }> {
  if (query.limit === undefined || items.length === 0) return [];
  const links: Array<{ href: string; rel: 'next' | 'previous' }> = [];
  const make = (marker: string, reverse: boolean) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && k !== 'marker' && k !== 'page_reverse') params.set(k, String(v));
    }
    params.set('marker', marker);
    if (reverse) params.set('page_reverse', 'True');
    return `${baseUrl}${path}?${params.toString()}`;
  };
  const reversed = typeof query.page_reverse === 'string' && query.page_reverse.toLowerCase() === 'true';
  const atMarker = query.marker !== undefined;
  const after = reversed ? atMarker : hasMore;
  const before = reversed ? hasMore : atMarker;
  if (after) links.push({ href: make(items[items.length - 1]!.id, false), rel: 'next' });
  if (before) links.push({ href: make(items[0]!.id, true), rel: 'previous' });
  return links;
}

