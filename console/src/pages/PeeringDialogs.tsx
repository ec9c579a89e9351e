import { useState } from 'react';
import { useApp } from '../app-context';
import type { Peering, Vpc } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Dialog } from '../components/Dialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { shortId } from '../topology/derive';
import { useResource } from '../lib/use-resource';
import { useSubmit } from '../lib/use-submit';
import { NAME_HELP, validateName } from '../lib/validate';
import { routesUsingPeering } from './peering-routes';

export function RenamePeeringDialog({ peering, onClose, onDone }: { peering: Peering; onClose: () => void; onDone: (p: Peering) => void }) {
  const { cloud, notify } = useApp();
  const [name, setName] = useState(peering.name);
  const nameError = validateName(name);
  const { busy, error, submit } = useSubmit(!nameError, async () => {
    const p = await cloud.renamePeering(peering.id, name);
    notify(`Peering renamed to ${p.name ?? name}.`);
    onDone(p);
  });
  return (
    <Dialog title="Rename peering connection" onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label="Rename peering connection">
        <Field label="Name" value={name} onChange={setName} required error={nameError} hint={NAME_HELP} />
        <p className="field__hint">Either account may rename the connection, in any state; the other account sees the new name.</p>
        <ErrorBanner error={error} title="The peering was not renamed" />
        <FormActions onCancel={onClose} busy={busy} disabled={name === peering.name} busyLabel="Saving…" submitLabel="Rename" />
      </form>
    </Dialog>
  );
}

/** Deleting a peering also deletes every route through it, on both sides: say which. */
export function DeletePeeringDialog({ peering, myVpcs, onClose, onDone }: {
  peering: Peering;
  myVpcs: Vpc[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { cloud, notify } = useApp();
  const routes = useResource(() => routesUsingPeering(cloud, peering, myVpcs), [cloud, peering.id]);
  const vpcLabel = (id: string) => myVpcs.find((v) => v.id === id)?.name ?? `VPC ${shortId(id)} (peer account)`;
  const crossAccount = peering.request_vpc_info.tenant_id !== peering.accept_vpc_info.tenant_id;
  return (
    <ConfirmDialog title={`Delete peering ${peering.name}?`} confirmLabel="Delete peering" onClose={onClose}
      onConfirm={async () => {
        await cloud.deletePeering(peering.id);
        notify(`Peering ${peering.name} deleted.`);
        onDone();
      }}>
      <p>
        The connection between {vpcLabel(peering.request_vpc_info.vpc_id)} and {vpcLabel(peering.accept_vpc_info.vpc_id)} is removed
        for both accounts, and traffic between them stops.
      </p>
      {routes.loading ? (
        <p role="status">Looking up the routes that use it…</p>
      ) : routes.data && routes.data.length > 0 ? (
        <>
          <p><strong>These routes are deleted with it:</strong></p>
          <ul className="route-list" aria-label="Routes deleted with the peering">
            {routes.data.map((r) => (
              <li key={`${r.vpcId} ${r.destination}`}>
                <code>{r.destination}</code> in {vpcLabel(r.vpcId)}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>No route in your VPCs uses this connection.</p>
      )}
      {crossAccount && <p className="field__hint">Routes the other account added in its own VPC through this connection are deleted too.</p>}
      <ErrorBanner error={routes.error} title="Could not list the routes" />
    </ConfirmDialog>
  );
}
