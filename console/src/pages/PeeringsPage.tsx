import { useId, useState } from 'react';
import { useApp } from '../app-context';
import type { Peering } from '../api/types';
import { Empty, Loading } from '../components/Empty';
import { ErrorBanner } from '../components/ErrorBanner';
import { ResourceTable } from '../components/ResourceTable';
import { PeeringStatusBadge } from '../components/StatusBadge';
import { formatTime } from '../lib/format';
import { href } from '../lib/hash-router';
import { useResource } from '../lib/use-resource';
import { isIncoming, shortId } from '../topology/derive';
import { IncomingRequests } from './IncomingRequests';
import { PeeringCreateDialog } from './PeeringCreateDialog';
import { DeletePeeringDialog, RenamePeeringDialog } from './PeeringDialogs';
import { DIRECTION_LABEL, describePeering } from './peering-view';

const STATUSES = [
  { value: '', label: 'All statuses' },
  { value: 'PENDING_ACCEPTANCE', label: 'Pending acceptance' },
  { value: 'ACTIVE', label: 'Active' },
  { value: 'REJECTED', label: 'Rejected' },
  { value: 'EXPIRED', label: 'Expired' },
];

/** Filters the API applies, applied again here so a partial server filter cannot mislead. */
export function filterPeerings(list: Peering[], f: { status: string; vpcId: string; name: string }): Peering[] {
  const name = f.name.trim().toLowerCase();
  return list.filter(
    (p) =>
      (!f.status || p.status === f.status) &&
      (!f.vpcId || p.request_vpc_info.vpc_id === f.vpcId || p.accept_vpc_info.vpc_id === f.vpcId) &&
      (!name || p.name.toLowerCase().includes(name)),
  );
}

export function PeeringsPage() {
  const { cloud, session } = useApp();
  const [status, setStatus] = useState('');
  const [vpcId, setVpcId] = useState('');
  const [name, setName] = useState('');
  const ids = { status: useId(), vpc: useId(), name: useId() };
  // Polls so that a request accepted by the other account turns active here without a reload.
  const res = useResource(
    async () => {
      const [peerings, all, vpcs] = await Promise.all([
        cloud.listPeerings({ status: status || undefined, vpc_id: vpcId || undefined }),
        status || vpcId ? cloud.listPeerings() : Promise.resolve(null),
        cloud.listVpcs(),
      ]);
      return { peerings, all: all ?? peerings, vpcs };
    },
    [cloud, status, vpcId],
    4000,
  );
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Peering | null>(null);
  const [deleting, setDeleting] = useState<Peering | null>(null);

  const d = res.data;
  const incoming = d ? d.all.filter((p) => isIncoming(p, session.projectId)) : [];
  const shown = d ? filterPeerings(d.peerings, { status, vpcId, name }) : [];

  return (
    <section aria-labelledby="peerings-title">
      <div className="page-header">
        <div>
          <h1 id="peerings-title">VPC peering connections</h1>
          <p className="page-header__lede">
            A peering connection joins two VPCs of one region so they exchange traffic over private addresses. Traffic flows once it is
            active and both sides have routes through it.
          </p>
        </div>
        <button type="button" className="btn btn--primary" onClick={() => setCreating(true)} disabled={!d || d.vpcs.length === 0}>
          Create peering connection
        </button>
      </div>
      <ErrorBanner error={res.error} title="Could not load peering connections" />
      {d && <IncomingRequests requests={incoming} myVpcs={d.vpcs} onAnswered={res.reload} />}
      <div className="filters" role="search" aria-label="Filter peering connections">
        <div className="field field--inline">
          <label htmlFor={ids.status}>Status</label>
          <select id={ids.status} value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor={ids.vpc}>VPC</label>
          <select id={ids.vpc} value={vpcId} onChange={(e) => setVpcId(e.target.value)}>
            <option value="">All VPCs</option>
            {d?.vpcs.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} type="search" value={name} onChange={(e) => setName(e.target.value)} placeholder="Search by name" />
        </div>
      </div>
      {!d ? (
        res.loading && <Loading what="peering connections" />
      ) : shown.length === 0 ? (
        <Empty title={d.peerings.length === 0 && !status && !vpcId ? 'No peering connections' : 'No peering connection matches the filters'}>
          {d.peerings.length === 0 && !status && !vpcId && <p>Create one to connect two VPCs, yours or another account's.</p>}
        </Empty>
      ) : (
        <ResourceTable caption="Peering connections" columns={['Name', 'Status', 'Local VPC', 'Peer VPC', 'Peer', 'Created']} actions>
          {shown.map((p) => {
            const v = describePeering(p, session.projectId, d.vpcs);
            return (
              <tr key={p.id} className={v.incoming ? 'row--incoming' : undefined} data-peering-id={p.id}>
                <td><a href={href({ page: 'peering', id: p.id })}>{p.name}</a></td>
                <td><PeeringStatusBadge status={p.status} /></td>
                <td>{v.localLabel}</td>
                <td>{v.peerLabel}</td>
                <td>
                  {DIRECTION_LABEL[v.direction]}
                  {v.peerProject && <><br /><span className="muted">project <code title={v.peerProject}>{shortId(v.peerProject)}</code></span></>}
                </td>
                <td>{formatTime(p.created_at)}</td>
                <td className="table__actions">
                  <button type="button" className="btn btn--small" onClick={() => setRenaming(p)} aria-label={`Rename peering ${p.name}`}>Rename</button>
                  <button type="button" className="btn btn--small btn--danger-ghost" onClick={() => setDeleting(p)} aria-label={`Delete peering ${p.name}`}>Delete</button>
                </td>
              </tr>
            );
          })}
        </ResourceTable>
      )}
      {creating && d && (
        <PeeringCreateDialog vpcs={d.vpcs} onClose={() => setCreating(false)} onCreated={() => { setCreating(false); void res.reload(); }} />
      )}
      {renaming && <RenamePeeringDialog peering={renaming} onClose={() => setRenaming(null)} onDone={() => { setRenaming(null); void res.reload(); }} />}
      {deleting && d && (
        <DeletePeeringDialog peering={deleting} myVpcs={d.vpcs} onClose={() => setDeleting(null)} onDone={() => void res.reload()} />
      )}
    </section>
  );
}
