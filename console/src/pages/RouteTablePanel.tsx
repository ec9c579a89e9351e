import { useState } from 'react';
import { useApp } from '../app-context';
import type { Peering, RouteTable, RouteTableRoute, Subnet, Vpc } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Empty } from '../components/Empty';
import { ResourceTable } from '../components/ResourceTable';
import { href } from '../lib/hash-router';
import { AddRouteDialog } from './AddRouteDialog';

/** The rows of a VPC's route tables: local routes and routes through peerings. */
export function RouteTablePanel({ vpc, tables, subnets, peerings, myVpcs, onChanged }: {
  vpc: Vpc;
  tables: RouteTable[];
  subnets: Subnet[];
  peerings: Peering[];
  myVpcs: Vpc[];
  onChanged: () => Promise<void>;
}) {
  const { cloud, notify } = useApp();
  const [adding, setAdding] = useState<RouteTable | null>(null);
  const [deleting, setDeleting] = useState<{ table: RouteTable; route: RouteTableRoute } | null>(null);
  if (tables.length === 0) return <Empty title="No route table">The VPC's default route table appears once the VPC is ready.</Empty>;
  const peeringName = (id: string) => peerings.find((p) => p.id === id)?.name;

  return (
    <>
      {tables.map((t) => (
        <section key={t.id} className="card" aria-labelledby={`rt-${t.id}`}>
          <div className="card__header">
            <h3 id={`rt-${t.id}`}>
              {t.name || 'Route table'} {t.default && <span className="tag">Default</span>}
            </h3>
            <button type="button" className="btn btn--primary btn--small" onClick={() => setAdding(t)}>
              Add route
            </button>
          </div>
          <ResourceTable caption={`Routes of ${t.name}`} columns={['Destination', 'Next hop type', 'Next hop', 'Description']} actions>
            {t.routes.map((r) => (
              <tr key={`${r.type}:${r.destination}`} className={r.type === 'peering' ? 'row--peering' : undefined}>
                <td>
                  <code>{r.destination}</code>
                </td>
                <td>
                  <span className={`tag tag--${r.type}`}>{r.type === 'local' ? 'Local' : r.type === 'peering' ? 'VPC peering' : r.type}</span>
                </td>
                <td>
                  {r.type === 'peering' ? (
                    <a href={href({ page: 'peering', id: r.nexthop })}>{peeringName(r.nexthop) ?? r.nexthop}</a>
                  ) : r.nexthop === '-' || r.type === 'local' ? (
                    'Local'
                  ) : (
                    <code>{r.nexthop}</code>
                  )}
                </td>
                <td>{r.description || (r.type === 'local' ? 'System route' : '')}</td>
                <td className="table__actions">
                  {r.type !== 'local' && (
                    <button type="button" className="btn btn--small btn--danger-ghost" onClick={() => setDeleting({ table: t, route: r })}
                      aria-label={`Delete route to ${r.destination}`}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </ResourceTable>
          <p className="card__footnote">
            Associated subnets: {t.subnets.length === 0 ? 'none' : t.subnets.map((s) => subnets.find((x) => x.id === s.id)?.name ?? s.id).join(', ')}
          </p>
        </section>
      ))}
      {adding && (
        <AddRouteDialog vpc={vpc} table={adding} subnets={subnets} peerings={peerings} myVpcs={myVpcs}
          onClose={() => setAdding(null)}
          onAdded={() => {
            setAdding(null);
            void onChanged();
          }} />
      )}
      {deleting && (
        <ConfirmDialog title="Delete route?" confirmLabel="Delete route" onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await cloud.deleteRoute(deleting.table.id, deleting.route.destination);
            notify(`Route to ${deleting.route.destination} deleted.`);
            await onChanged();
          }}>
          <p>
            The route to <code>{deleting.route.destination}</code> through{' '}
            <strong>{peeringName(deleting.route.nexthop) ?? deleting.route.nexthop}</strong> will be removed from {deleting.table.name}.
            Traffic from {vpc.name} to that destination stops.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
