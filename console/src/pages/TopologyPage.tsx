import { useMemo, useState } from 'react';
import { useApp } from '../app-context';
import { Loading } from '../components/Empty';
import { ErrorBanner } from '../components/ErrorBanner';
import { PeeringStatusBadge } from '../components/StatusBadge';
import { href } from '../lib/hash-router';
import { useResource } from '../lib/use-resource';
import { deriveTopology, highlightPath, isInstance } from '../topology/derive';
import { TopologyDiagram } from '../topology/TopologyDiagram';
import { ReachabilityPanel, type CheckedFlow } from './ReachabilityPanel';

const POLL_MS = 4000;

export function TopologyPage() {
  const { cloud, session } = useApp();
  const res = useResource(
    async () => {
      const [vpcs, subnets, ports, publicIps, peerings] = await Promise.all([
        cloud.listVpcs(),
        cloud.listSubnets(),
        cloud.listPorts(),
        cloud.listPublicIps(),
        cloud.listPeerings(),
      ]);
      return { vpcs, subnets, ports, publicIps, peerings, at: new Date() };
    },
    [cloud],
    POLL_MS,
  );
  const [checked, setChecked] = useState<CheckedFlow | null>(null);
  const d = res.data;
  const topo = useMemo(() => (d ? deriveTopology({ projectId: session.projectId, ...d }) : null), [d, session.projectId]);
  const highlight = useMemo(() => {
    if (!topo || !checked) return null;
    const dest = checked.request.destination;
    return highlightPath(topo, checked.result, {
      sourcePortId: checked.request.source.port_id,
      destinationPortId: 'port_id' in dest ? dest.port_id : undefined,
      destinationIp: 'ip' in dest ? dest.ip : undefined,
    });
  }, [topo, checked]);
  const instances = useMemo(() => (d ? d.ports.filter(isInstance) : []), [d]);

  return (
    <section aria-labelledby="topo-title" className="topo-page">
      <div className="page-header">
        <div>
          <h1 id="topo-title">Topology &amp; reachability</h1>
          <p className="page-header__lede">
            Your VPCs with their subnets and instances, and the peering connections between them.{' '}
            <span className="live" aria-live="off">
              <span className="live__dot" aria-hidden="true" /> Live · refreshed {d ? d.at.toLocaleTimeString() : '…'}
            </span>
          </p>
        </div>
      </div>
      <ErrorBanner error={res.error} title="Could not refresh the topology" />
      {!d || !topo ? (
        res.loading && <Loading what="the topology" />
      ) : (
        <div className="topo-layout">
          <div className="topo-layout__diagram">
            {topo.nodes.length === 0 ? (
              <p className="empty">Nothing to draw yet: <a href={href({ page: 'vpcs' })}>create a VPC</a>.</p>
            ) : (
              <TopologyDiagram topo={topo} highlight={highlight} />
            )}
            <details className="topo-text">
              <summary>Topology as text</summary>
              <ul>
                {d.vpcs.map((v) => (
                  <li key={v.id}>
                    VPC <a href={href({ page: 'vpc', id: v.id })}>{v.name}</a> <code>{v.cidr}</code>
                    <ul>
                      {d.subnets.filter((s) => s.vpc_id === v.id).map((s) => (
                        <li key={s.id}>
                          Subnet {s.name} <code>{s.cidr}</code>:{' '}
                          {instances.filter((p) => (p.fixed_ips?.[0]?.subnet_id ?? p.network_id) === s.id).map((p) => `${p.name} ${p.fixed_ips?.[0]?.ip_address ?? ''}`).join(', ') || 'no instances'}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
                {d.peerings.map((p) => (
                  <li key={p.id}>
                    Peering <a href={href({ page: 'peering', id: p.id })}>{p.name}</a> <PeeringStatusBadge status={p.status} />
                  </li>
                ))}
              </ul>
            </details>
          </div>
          <aside className="topo-layout__side">
            <ReachabilityPanel instances={instances} onResult={setChecked} />
          </aside>
        </div>
      )}
    </section>
  );
}
