import { useState } from 'react';
import { useApp } from '../app-context';
import { toApiError, type ApiError } from '../api/errors';
import type { RouteTable, Vpc } from '../api/types';
import { CopyId } from '../components/CopyId';
import { Empty, Loading } from '../components/Empty';
import { ErrorBanner } from '../components/ErrorBanner';
import { PeeringStatusBadge } from '../components/StatusBadge';
import { formatTime } from '../lib/format';
import { href, navigate } from '../lib/hash-router';
import { useResource } from '../lib/use-resource';
import { isIncoming, shortId } from '../topology/derive';
import { AddRouteDialog } from './AddRouteDialog';
import { DeletePeeringDialog, RenamePeeringDialog } from './PeeringDialogs';
import { DIRECTION_LABEL, describePeering } from './peering-view';
import { routesUsingPeering } from './peering-routes';

export function PeeringDetailPage({ id }: { id: string }) {
  const { cloud, session, notify } = useApp();
  const res = useResource(
    async () => {
      const [peering, vpcs] = await Promise.all([cloud.getPeering(id), cloud.listVpcs()]);
      const [routes, subnets, tables] = await Promise.all([
        routesUsingPeering(cloud, peering, vpcs),
        cloud.listSubnets(),
        Promise.all(
          [peering.request_vpc_info.vpc_id, peering.accept_vpc_info.vpc_id]
            .filter((v, i, a) => a.indexOf(v) === i && vpcs.some((x) => x.id === v))
            .map((v) => cloud.listRouteTables(v)),
        ).then((x) => x.flat()),
      ]);
      return { peering, vpcs, routes, subnets, tables };
    },
    [cloud, id],
    4000,
  );
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [adding, setAdding] = useState<{ vpc: Vpc; table: RouteTable } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const d = res.data;
  if (!d) {
    return (
      <section>
        <p className="breadcrumb"><a href={href({ page: 'peerings' })}>VPC peering connections</a></p>
        <ErrorBanner error={res.error} title="Could not load the peering connection" />
        {res.loading && <Loading what="the peering connection" />}
      </section>
    );
  }
  const p = d.peering;
  const view = describePeering(p, session.projectId, d.vpcs);
  const myEnds = d.vpcs.filter((v) => v.id === p.request_vpc_info.vpc_id || v.id === p.accept_vpc_info.vpc_id);
  const vpcLabel = (vid: string) => d.vpcs.find((v) => v.id === vid)?.name ?? `VPC ${shortId(vid)}`;

  const answer = async (accept: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await (accept ? cloud.acceptPeering(p.id) : cloud.rejectPeering(p.id));
      notify(accept ? `Peering ${p.name} accepted.` : `Peering ${p.name} rejected.`);
      await res.reload();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const side = (label: string, info: { vpc_id: string; tenant_id?: string }) => {
    const v = d.vpcs.find((x) => x.id === info.vpc_id);
    const routes = d.routes.filter((r) => r.vpcId === info.vpc_id);
    return (
      <section className="card side" aria-label={`${label} side`}>
        <h3>{label}</h3>
        <dl className="facts facts--stacked">
          <div><dt>VPC</dt><dd>{v ? <a href={href({ page: 'vpc', id: v.id, tab: 'routes' })}>{v.name} ({v.cidr})</a> : <CopyId id={info.vpc_id} label="VPC ID" />}</dd></div>
          <div><dt>Project</dt><dd>{info.tenant_id ? <CopyId id={info.tenant_id} label="project ID" /> : '—'}{info.tenant_id === session.projectId && ' (yours)'}</dd></div>
        </dl>
        <h4>Routes through this connection</h4>
        {routes.length > 0 ? (
          <ul className="route-list">
            {routes.map((r) => <li key={r.destination}><code>{r.destination}</code> → {p.name}</li>)}
          </ul>
        ) : v ? (
          <p className="muted">No route yet: add one so that {v.name} sends traffic to the peer.</p>
        ) : (
          <p className="muted">Managed by the other account; its routes are not visible from this project.</p>
        )}
        {v && (
          <button type="button" className="btn btn--small" disabled={p.status !== 'ACTIVE'}
            title={p.status !== 'ACTIVE' ? 'Routes need an active peering' : undefined}
            onClick={() => {
              const table = d.tables.find((t) => t.vpc_id === v.id && t.default) ?? d.tables.find((t) => t.vpc_id === v.id);
              if (table) setAdding({ vpc: v, table });
            }}>
            Add route in {v.name}
          </button>
        )}
      </section>
    );
  };

  return (
    <section aria-labelledby="peering-title">
      <p className="breadcrumb"><a href={href({ page: 'peerings' })}>VPC peering connections</a> / {p.name}</p>
      <div className="page-header">
        <div>
          <h1 id="peering-title">{p.name} <PeeringStatusBadge status={p.status} /></h1>
          <dl className="facts">
            <div><dt>ID</dt><dd><CopyId id={p.id} label="peering ID" /></dd></div>
            <div><dt>Type</dt><dd>{DIRECTION_LABEL[view.direction]}</dd></div>
            <div><dt>Created</dt><dd>{formatTime(p.created_at)}</dd></div>
            <div><dt>Updated</dt><dd>{formatTime(p.updated_at)}</dd></div>
            {p.description && <div><dt>Description</dt><dd>{p.description}</dd></div>}
          </dl>
        </div>
        <div className="page-header__actions">
          {isIncoming(p, session.projectId) && (
            <>
              <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void answer(true)}>Accept</button>
              <button type="button" className="btn btn--danger-ghost" disabled={busy} onClick={() => void answer(false)}>Reject</button>
            </>
          )}
          <button type="button" className="btn" onClick={() => setRenaming(true)}>Rename</button>
          <button type="button" className="btn btn--danger-ghost" onClick={() => setDeleting(true)}>Delete</button>
        </div>
      </div>
      <ErrorBanner error={error ?? res.error} title="The action failed" onDismiss={error ? () => setError(null) : undefined} />
      {p.status === 'PENDING_ACCEPTANCE' && (
        <p className="notice notice--warn">
          {isIncoming(p, session.projectId)
            ? 'This request waits for your answer. It carries no traffic until you accept it.'
            : `Waiting for the owner of project ${p.accept_vpc_info.tenant_id} to accept. It carries no traffic until then.`}
        </p>
      )}
      {p.status === 'REJECTED' && <p className="notice notice--warn">The peer rejected this request. Delete it before requesting a new connection between the same VPCs.</p>}
      {p.status === 'ACTIVE' && myEnds.length > 0 && d.routes.length === 0 && (
        <p className="notice notice--info">The connection is active but no route uses it yet: add a route on each side ({vpcLabel(p.request_vpc_info.vpc_id)} and {vpcLabel(p.accept_vpc_info.vpc_id)}).</p>
      )}
      <div className="sides">
        {side('Requester', p.request_vpc_info)}
        {side('Accepter', p.accept_vpc_info)}
      </div>
      {myEnds.length === 0 && <Empty title="Neither VPC is in this project" />}
      {renaming && <RenamePeeringDialog peering={p} onClose={() => setRenaming(false)} onDone={() => { setRenaming(false); void res.reload(); }} />}
      {deleting && <DeletePeeringDialog peering={p} myVpcs={d.vpcs} onClose={() => setDeleting(false)} onDone={() => navigate({ page: 'peerings' })} />}
      {adding && (
        <AddRouteDialog vpc={adding.vpc} table={adding.table} subnets={d.subnets.filter((s) => s.vpc_id === adding.vpc.id)} peerings={[p]}
          myVpcs={d.vpcs} presetPeeringId={p.id} onClose={() => setAdding(null)} onAdded={() => { setAdding(null); void res.reload(); }} />
      )}
    </section>
  );
}
