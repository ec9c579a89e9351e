import { useState } from 'react';
import { useApp } from '../app-context';
import type { Vpc } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Empty, Loading } from '../components/Empty';
import { ErrorBanner } from '../components/ErrorBanner';
import { ResourceTable } from '../components/ResourceTable';
import { StatusBadge } from '../components/StatusBadge';
import { href, navigate } from '../lib/hash-router';
import { useResource } from '../lib/use-resource';
import { VpcCreateDialog } from './VpcCreateDialog';

export function VpcsPage() {
  const { cloud, notify } = useApp();
  const vpcs = useResource(
    async () => {
      const [list, subnets, peerings] = await Promise.all([cloud.listVpcs(), cloud.listSubnets(), cloud.listPeerings()]);
      return { list, subnets, peerings };
    },
    [cloud],
    5000,
  );
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Vpc | null>(null);

  const subnetCount = (id: string) => vpcs.data?.subnets.filter((s) => s.vpc_id === id).length ?? 0;
  const peeringCount = (id: string) =>
    vpcs.data?.peerings.filter((p) => p.request_vpc_info.vpc_id === id || p.accept_vpc_info.vpc_id === id).length ?? 0;

  return (
    <section aria-labelledby="vpcs-title">
      <div className="page-header">
        <div>
          <h1 id="vpcs-title">Virtual Private Clouds</h1>
          <p className="page-header__lede">Isolated networks of this project. Peer two VPCs to let their instances talk over private addresses.</p>
        </div>
        <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
          Create VPC
        </button>
      </div>
      <ErrorBanner error={vpcs.error} title="Could not load VPCs" />
      {vpcs.loading && !vpcs.data ? (
        <Loading what="VPCs" />
      ) : vpcs.data && vpcs.data.list.length === 0 ? (
        <Empty title="No VPCs yet">
          <p>Create a VPC to start: pick a private CIDR block, then add subnets and instances.</p>
        </Empty>
      ) : (
        vpcs.data && (
          <ResourceTable caption="VPCs of this project" columns={['Name', 'Status', 'IPv4 CIDR block', 'Subnets', 'Peerings', 'ID']} actions>
            {vpcs.data.list.map((v) => (
              <tr key={v.id}>
                <td>
                  <a href={href({ page: 'vpc', id: v.id })}>{v.name || v.id}</a>
                </td>
                <td>
                  <StatusBadge status={v.status} />
                </td>
                <td>
                  <code>{v.cidr}</code>
                </td>
                <td>{subnetCount(v.id)}</td>
                <td>{peeringCount(v.id)}</td>
                <td>
                  <code className="id selectable">{v.id}</code>
                </td>
                <td className="table__actions">
                  <button type="button" className="btn btn--small btn--danger-ghost" onClick={() => setDeleting(v)}
                    aria-label={`Delete VPC ${v.name}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </ResourceTable>
        )
      )}
      {creating && (
        <VpcCreateDialog
          onClose={() => setCreating(false)}
          onCreated={(v) => {
            setCreating(false);
            navigate({ page: 'vpc', id: v.id });
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete VPC ${deleting.name}?`}
          confirmLabel="Delete VPC"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await cloud.deleteVpc(deleting.id);
            notify(`VPC ${deleting.name} deleted.`);
            await vpcs.reload();
          }}
        >
          <p>
            VPC <strong>{deleting.name}</strong> (<code>{deleting.cidr}</code>) will be deleted. This cannot be undone.
          </p>
          {(subnetCount(deleting.id) > 0 || peeringCount(deleting.id) > 0) && (
            <p className="notice notice--warn">
              It still has {subnetCount(deleting.id)} subnet(s) and {peeringCount(deleting.id)} peering connection(s). The API
              refuses to delete a VPC until its subnets, peering connections and peering routes are gone.
            </p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
