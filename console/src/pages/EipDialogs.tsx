import { useState } from 'react';
import { useApp } from '../app-context';
import type { Port, PublicIp } from '../api/types';
import { Dialog } from '../components/Dialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field, SelectField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { useSubmit } from '../lib/use-submit';

export function AssignEipDialog({ onClose, onDone }: { onClose: () => void; onDone: (e: PublicIp) => void }) {
  const { cloud, notify } = useApp();
  const [size, setSize] = useState('10');
  const n = Number(size);
  const sizeError = Number.isInteger(n) && n >= 1 && n <= 1000 ? undefined : 'Bandwidth is a whole number from 1 to 1000 Mbit/s.';
  const { busy, error, submit } = useSubmit(!sizeError, async () => {
    const eip = await cloud.assignPublicIp(n);
    notify(`EIP ${eip.public_ip_address ?? ''} assigned.`);
    onDone(eip);
  });
  return (
    <Dialog title="Assign EIP" onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label="Assign EIP">
        <p>An elastic IP (type 5_bgp) with dedicated bandwidth. Bind it to an instance to reach the Internet.</p>
        <Field label="Bandwidth (Mbit/s)" type="number" min={1} max={1000} value={size} onChange={setSize} error={sizeError} />
        <ErrorBanner error={error} title="No EIP was assigned" />
        <FormActions onCancel={onClose} busy={busy} busyLabel="Assigning…" submitLabel="Assign EIP" />
      </form>
    </Dialog>
  );
}

export function BindEipDialog({ eip, instances, onClose, onDone }: {
  eip: PublicIp;
  instances: Port[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { cloud, notify } = useApp();
  const [portId, setPortId] = useState(instances[0]?.id ?? '');
  const { busy, error, submit } = useSubmit(!!portId, async () => {
    await cloud.bindPublicIp(eip.id, portId);
    notify(`EIP ${eip.public_ip_address} bound to ${instances.find((p) => p.id === portId)?.name ?? portId}.`);
    onDone();
  });
  return (
    <Dialog title={`Bind EIP ${eip.public_ip_address}`} onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label="Bind EIP">
        <SelectField label="Instance" value={portId} onChange={setPortId} required
          placeholder={instances.length ? undefined : 'No instance without an EIP'}
          options={instances.map((p) => ({ value: p.id, label: `${p.name} (${p.fixed_ips?.[0]?.ip_address ?? '—'})` }))} />
        <ErrorBanner error={error} title="The EIP was not bound" />
        <FormActions onCancel={onClose} busy={busy} disabled={!portId} busyLabel="Binding…" submitLabel="Bind" />
      </form>
    </Dialog>
  );
}
