import { useState } from 'react';
import { useApp } from '../app-context';
import type { Port, PublicIp } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Empty, Loading } from '../components/Empty';
import { ErrorBanner } from '../components/ErrorBanner';
import { ResourceTable } from '../components/ResourceTable';
import { StatusBadge } from '../components/StatusBadge';
import { href } from '../lib/hash-router';
import { useResource } from '../lib/use-resource';
import { isInstance } from '../topology/derive';
import { AssignEipDialog, BindEipDialog } from './EipDialogs';
import { InstanceCreateDialog } from './InstanceCreateDialog';

export function InstancesPage() {
  const { cloud, notify } = useApp();
  const res = useResource(
    async () => {
      const [vpcs, subnets, ports, eips] = await Promise.all([cloud.listVpcs(), cloud.listSubnets(), cloud.listPorts(), cloud.listPublicIps()]);
      return { vpcs, subnets, instances: ports.filter(isInstance), eips };
    },
    [cloud],
    5000,
  );
  const [creating, setCreating] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const [binding, setBinding] = useState<PublicIp | null>(null);
  const [confirm, setConfirm] = useState<
    { kind: 'delete'; port: Port } | { kind: 'unbind'; eip: PublicIp } | { kind: 'release'; eip: PublicIp } | null
  >(null);

  const d = res.data;
  const subnetOf = (p: Port) => d?.subnets.find((s) => s.id === (p.fixed_ips?.[0]?.subnet_id ?? p.network_id));
  const vpcOf = (p: Port) => d?.vpcs.find((v) => v.id === subnetOf(p)?.vpc_id);
  const eipOf = (p: Port) => d?.eips.find((e) => e.port_id === p.id);
  const portName = (id?: string | null) => (id ? d?.instances.find((p) => p.id === id)?.name ?? id : undefined);
  const unboundInstances = d ? d.instances.filter((p) => !eipOf(p)) : [];

  return (
    <section aria-labelledby="instances-title">
      <div className="page-header">
        <div>
          <h1 id="instances-title">Instances &amp; EIPs</h1>
          <p className="page-header__lede">Instances are ports with a device owner; each holds a fixed address of its subnet. An EIP bound to an instance reaches the Internet.</p>
        </div>
        <div className="page-header__actions">
          <button type="button" className="btn" onClick={() => setAssigning(true)}>
            Assign EIP
          </button>
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)} disabled={!d || d.subnets.length === 0}>
            Create instance
          </button>
        </div>
      </div>
      <ErrorBanner error={res.error} title="Could not load instances" />
      {!d ? (
        res.loading && <Loading what="instances" />
      ) : (
        <>
          <h2 className="section-title">Instances</h2>
          {d.instances.length === 0 ? (
            <Empty title="No instances">{d.subnets.length === 0 ? 'Create a VPC and a subnet first.' : 'Create an instance in one of your subnets.'}</Empty>
          ) : (
            <ResourceTable caption="Instances" columns={['Name', 'Private IP', 'VPC / subnet', 'EIP', 'Status', 'Device owner']} actions>
              {d.instances.map((p) => {
                const eip = eipOf(p);
                const vpc = vpcOf(p);
                return (
                  <tr key={p.id}>
                    <td>{p.name || p.id}</td>
                    <td><code>{p.fixed_ips?.map((f) => f.ip_address).join(', ')}</code></td>
                    <td>
                      {vpc ? <a href={href({ page: 'vpc', id: vpc.id })}>{vpc.name}</a> : '—'} / {subnetOf(p)?.name ?? '—'}
                    </td>
                    <td>{eip ? <code>{eip.public_ip_address}</code> : '—'}</td>
                    <td><StatusBadge status={p.status} /></td>
                    <td><code>{p.device_owner}</code></td>
                    <td className="table__actions">
                      <button type="button" className="btn btn--small btn--danger-ghost" onClick={() => setConfirm({ kind: 'delete', port: p })}
                        aria-label={`Delete instance ${p.name}`}>
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </ResourceTable>
          )}
          <h2 className="section-title">Elastic IPs</h2>
          {d.eips.length === 0 ? (
            <Empty title="No EIPs">Assign an EIP, then bind it to an instance.</Empty>
          ) : (
            <ResourceTable caption="Elastic IPs" columns={['Address', 'Status', 'Bound to', 'Bandwidth']} actions>
              {d.eips.map((e) => (
                <tr key={e.id}>
                  <td><code>{e.public_ip_address}</code></td>
                  <td><StatusBadge status={e.status} /></td>
                  <td>{portName(e.port_id) ?? 'Not bound'}</td>
                  <td>{e.bandwidth_size ? `${e.bandwidth_size} Mbit/s` : '—'}</td>
                  <td className="table__actions">
                    {e.port_id ? (
                      <button type="button" className="btn btn--small" onClick={() => setConfirm({ kind: 'unbind', eip: e })}
                        aria-label={`Unbind EIP ${e.public_ip_address}`}>
                        Unbind
                      </button>
                    ) : (
                      <>
                        <button type="button" className="btn btn--small" onClick={() => setBinding(e)} aria-label={`Bind EIP ${e.public_ip_address}`}>
                          Bind
                        </button>
                        <button type="button" className="btn btn--small btn--danger-ghost" onClick={() => setConfirm({ kind: 'release', eip: e })}
                          aria-label={`Release EIP ${e.public_ip_address}`}>
                          Release
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </ResourceTable>
          )}
        </>
      )}
      {creating && d && (
        <InstanceCreateDialog vpcs={d.vpcs} subnets={d.subnets} onClose={() => setCreating(false)}
          onCreated={() => { setCreating(false); void res.reload(); }} />
      )}
      {assigning && <AssignEipDialog onClose={() => setAssigning(false)} onDone={() => { setAssigning(false); void res.reload(); }} />}
      {binding && (
        <BindEipDialog eip={binding} instances={unboundInstances} onClose={() => setBinding(null)}
          onDone={() => { setBinding(null); void res.reload(); }} />
      )}
      {confirm?.kind === 'delete' && (
        <ConfirmDialog title={`Delete instance ${confirm.port.name}?`} confirmLabel="Delete instance" onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await cloud.deletePort(confirm.port.id);
            notify(`Instance ${confirm.port.name} deleted.`);
            await res.reload();
          }}>
          <p>The instance and its address <code>{confirm.port.fixed_ips?.[0]?.ip_address}</code> are released.{eipOf(confirm.port) ? ' Unbind its EIP first.' : ''}</p>
        </ConfirmDialog>
      )}
      {confirm?.kind === 'unbind' && (
        <ConfirmDialog title={`Unbind EIP ${confirm.eip.public_ip_address}?`} confirmLabel="Unbind" danger={false} onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await cloud.unbindPublicIp(confirm.eip.id);
            notify(`EIP ${confirm.eip.public_ip_address} unbound.`);
            await res.reload();
          }}>
          <p>{portName(confirm.eip.port_id)} loses its Internet address. The EIP stays assigned to your project.</p>
        </ConfirmDialog>
      )}
      {confirm?.kind === 'release' && (
        <ConfirmDialog title={`Release EIP ${confirm.eip.public_ip_address}?`} confirmLabel="Release EIP" onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await cloud.releasePublicIp(confirm.eip.id);
            notify(`EIP ${confirm.eip.public_ip_address} released.`);
            await res.reload();
          }}>
          <p>The address returns to the pool; you may not get it back.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
