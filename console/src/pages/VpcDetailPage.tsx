import { useState } from 'react';
import { useApp } from '../app-context';
import type { Subnet } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CopyId } from '../components/CopyId';
import { Empty, Loading } from '../components/Empty';
import { ErrorBanner } from '../components/ErrorBanner';
import { ResourceTable } from '../components/ResourceTable';
import { PeeringStatusBadge, StatusBadge } from '../components/StatusBadge';
import { Tabs } from '../components/Tabs';
import { formatTime } from '../lib/format';
import { href, navigate } from '../lib/hash-router';
import { useResource } from '../lib/use-resource';
import { isInstance, shortId } from '../topology/derive';
import { peerSide } from './AddRouteDialog';
import { InstanceCreateDialog } from './InstanceCreateDialog';
import { RouteTablePanel } from './RouteTablePanel';
import { SubnetCreateDialog } from './SubnetCreateDialog';

const TABS = [
  { id: 'subnets', label: 'Subnets' },
  { id: 'routes', label: 'Route table' },
  { id: 'instances', label: 'Instances' },
  { id: 'peerings', label: 'Peering connections' },
];

export function VpcDetailPage({ id, tab }: { id: string; tab?: string }) {
  const { cloud, notify } = useApp();
  const res = useResource(
    async () => {
      const [vpc, vpcs, subnets, tables, ports, eips, peerings] = await Promise.all([
        cloud.getVpc(id),
        cloud.listVpcs(),
        cloud.listSubnets(id),
        cloud.listRouteTables(id),
        cloud.listPorts(),
        cloud.listPublicIps(),
        cloud.listPeerings(),
      ]);
      const mine = subnets.filter((s) => s.vpc_id === id);
      const ids = new Set(mine.map((s) => s.id));
      return {
        vpc,
        vpcs,
        subnets: mine,
        tables: tables.filter((t) => t.vpc_id === id),
        instances: ports.filter((p) => isInstance(p) && ids.has(p.fixed_ips?.[0]?.subnet_id ?? p.network_id)),
        eips,
        peerings: peerings.filter((p) => p.request_vpc_info.vpc_id === id || p.accept_vpc_info.vpc_id === id),
      };
    },
    [cloud, id],
    5000,
  );
  const selected = TABS.some((t) => t.id === tab) ? tab! : 'subnets';
  const [creatingSubnet, setCreatingSubnet] = useState(false);
  const [creatingInstance, setCreatingInstance] = useState(false);
  const [deletingSubnet, setDeletingSubnet] = useState<Subnet | null>(null);
  const [deletingVpc, setDeletingVpc] = useState(false);

  const d = res.data;
  if (!d) {
    return (
      <section>
        <p className="breadcrumb"><a href={href({ page: 'vpcs' })}>Virtual Private Clouds</a></p>
        <ErrorBanner error={res.error} title="Could not load the VPC" />
        {res.loading && <Loading what="the VPC" />}
      </section>
    );
  }
  const { vpc } = d;
  const instancesIn = (s: Subnet) => d.instances.filter((p) => (p.fixed_ips?.[0]?.subnet_id ?? p.network_id) === s.id);
  const vpcName = (vid: string) => d.vpcs.find((v) => v.id === vid)?.name;

  return (
    <section aria-labelledby="vpc-title">
      <p className="breadcrumb"><a href={href({ page: 'vpcs' })}>Virtual Private Clouds</a> / {vpc.name}</p>
      <div className="page-header">
        <div>
          <h1 id="vpc-title">{vpc.name || vpc.id} <StatusBadge status={vpc.status} /></h1>
          <dl className="facts">
            <div><dt>IPv4 CIDR block</dt><dd><code>{vpc.cidr}</code></dd></div>
            <div><dt>ID</dt><dd><CopyId id={vpc.id} label="VPC ID" /></dd></div>
            <div><dt>Created</dt><dd>{formatTime(vpc.created_at)}</dd></div>
            {vpc.description && <div><dt>Description</dt><dd>{vpc.description}</dd></div>}
          </dl>
        </div>
        <button type="button" className="btn btn--danger-ghost" onClick={() => setDeletingVpc(true)}>
          Delete VPC
        </button>
      </div>
      <ErrorBanner error={res.error} title="Could not refresh the VPC" />
      <Tabs label="VPC details" tabs={TABS.map((t) => ({
          ...t,
          label: `${t.label} (${t.id === 'subnets' ? d.subnets.length : t.id === 'instances' ? d.instances.length : t.id === 'peerings' ? d.peerings.length : d.tables.reduce((n, x) => n + x.routes.length, 0)})`,
        }))}
        selected={selected} onSelect={(t) => navigate({ page: 'vpc', id, tab: t })}>
        {selected === 'subnets' && (
          <>
            <div className="panel-actions">
              <button type="button" className="btn btn--primary" onClick={() => setCreatingSubnet(true)}>Create subnet</button>
            </div>
            {d.subnets.length === 0 ? (
              <Empty title="No subnets">A VPC needs a subnet before instances can join it.</Empty>
            ) : (
              <ResourceTable caption={`Subnets of ${vpc.name}`} columns={['Name', 'IPv4 CIDR block', 'Gateway', 'Status', 'Instances', 'ID']} actions>
                {d.subnets.map((s) => (
                  <tr key={s.id}>
                    <td>{s.name}</td>
                    <td><code>{s.cidr}</code></td>
                    <td><code>{s.gateway_ip}</code></td>
                    <td><StatusBadge status={s.status} /></td>
                    <td>{instancesIn(s).length}</td>
                    <td><code className="id selectable">{s.id}</code></td>
                    <td className="table__actions">
                      <button type="button" className="btn btn--small btn--danger-ghost" onClick={() => setDeletingSubnet(s)}
                        aria-label={`Delete subnet ${s.name}`}>Delete</button>
                    </td>
                  </tr>
                ))}
              </ResourceTable>
            )}
          </>
        )}
        {selected === 'routes' && (
          <RouteTablePanel vpc={vpc} tables={d.tables} subnets={d.subnets} peerings={d.peerings} myVpcs={d.vpcs} onChanged={res.reload} />
        )}
        {selected === 'instances' && (
          <>
            <div className="panel-actions">
              <button type="button" className="btn btn--primary" onClick={() => setCreatingInstance(true)} disabled={d.subnets.length === 0}>
                Create instance
              </button>
            </div>
            {d.instances.length === 0 ? (
              <Empty title="No instances">{d.subnets.length ? 'Create an instance in one of the subnets.' : 'Create a subnet first.'}</Empty>
            ) : (
              <ResourceTable caption={`Instances in ${vpc.name}`} columns={['Name', 'Private IP', 'Subnet', 'EIP', 'Status']}>
                {d.instances.map((p) => (
                  <tr key={p.id}>
                    <td>{p.name}</td>
                    <td><code>{p.fixed_ips?.[0]?.ip_address}</code></td>
                    <td>{d.subnets.find((s) => s.id === (p.fixed_ips?.[0]?.subnet_id ?? p.network_id))?.name}</td>
                    <td>{d.eips.find((e) => e.port_id === p.id)?.public_ip_address ?? '—'}</td>
                    <td><StatusBadge status={p.status} /></td>
                  </tr>
                ))}
              </ResourceTable>
            )}
            <p className="card__footnote"><a href={href({ page: 'instances' })}>Manage EIPs on Instances &amp; EIPs</a></p>
          </>
        )}
        {selected === 'peerings' && (
          <>
            <div className="panel-actions">
              <a className="btn btn--primary" href={href({ page: 'peerings' })}>Peering connections</a>
            </div>
            {d.peerings.length === 0 ? (
              <Empty title="No peering connections">This VPC is not peered with any other VPC.</Empty>
            ) : (
              <ul className="plain-list">
                {d.peerings.map((p) => {
                  const peer = peerSide(p, id);
                  return (
                    <li key={p.id}>
                      <a href={href({ page: 'peering', id: p.id })}>{p.name}</a> <PeeringStatusBadge status={p.status} /> with{' '}
                      {vpcName(peer.vpc_id) ?? `VPC ${shortId(peer.vpc_id)} of project ${shortId(peer.tenant_id ?? '?')}`}
                    </li>
                  );
                })}
              </ul>
            )}
          </>
        )}
      </Tabs>
      {creatingSubnet && (
        <SubnetCreateDialog vpc={vpc} subnets={d.subnets} onClose={() => setCreatingSubnet(false)}
          onCreated={() => { setCreatingSubnet(false); void res.reload(); }} />
      )}
      {creatingInstance && (
        <InstanceCreateDialog vpcs={[vpc]} subnets={d.subnets} onClose={() => setCreatingInstance(false)}
          onCreated={() => { setCreatingInstance(false); void res.reload(); }} />
      )}
      {deletingSubnet && (
        <ConfirmDialog title={`Delete subnet ${deletingSubnet.name}?`} confirmLabel="Delete subnet" onClose={() => setDeletingSubnet(null)}
          onConfirm={async () => {
            await cloud.deleteSubnet(id, deletingSubnet.id);
            notify(`Subnet ${deletingSubnet.name} deleted.`);
            await res.reload();
          }}>
          <p>Subnet <strong>{deletingSubnet.name}</strong> (<code>{deletingSubnet.cidr}</code>) will be deleted.</p>
          {instancesIn(deletingSubnet).length > 0 && (
            <p className="notice notice--warn">
              It still holds {instancesIn(deletingSubnet).length} instance(s): {instancesIn(deletingSubnet).map((p) => p.name).join(', ')}. The API refuses to
              delete a subnet in use.
            </p>
          )}
        </ConfirmDialog>
      )}
      {deletingVpc && (
        <ConfirmDialog title={`Delete VPC ${vpc.name}?`} confirmLabel="Delete VPC" onClose={() => setDeletingVpc(false)}
          onConfirm={async () => {
            await cloud.deleteVpc(id);
            notify(`VPC ${vpc.name} deleted.`);
            navigate({ page: 'vpcs' });
          }}>
          <p>VPC <strong>{vpc.name}</strong> (<code>{vpc.cidr}</code>) will be deleted. This cannot be undone.</p>
          {(d.subnets.length > 0 || d.peerings.length > 0) && (
            <p className="notice notice--warn">
              It still has {d.subnets.length} subnet(s) and {d.peerings.length} peering connection(s). Delete those first: the API
              refuses to delete a VPC with subnets, peerings or peering routes.
            </p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
