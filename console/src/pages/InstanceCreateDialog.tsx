import { useState, type FormEvent } from 'react';
import { useApp } from '../app-context';
import { toApiError, type ApiError } from '../api/errors';
import type { Port, Subnet, Vpc } from '../api/types';
import { Dialog } from '../components/Dialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field, SelectField } from '../components/Field';
import { NAME_HELP, validateName } from '../lib/validate';

/**
 * An instance is a port with a device owner: it takes a fixed IP from its subnet. Isthmus
 * realises it as a network namespace; in the cloud it would be an ECS or a database.
 */
export function InstanceCreateDialog({ vpcs, subnets, presetSubnetId, onClose, onCreated }: {
  vpcs: Vpc[];
  subnets: Subnet[];
  presetSubnetId?: string;
  onClose: () => void;
  onCreated: (p: Port) => void;
}) {
  const { cloud, notify, session } = useApp();
  const [name, setName] = useState('');
  const [subnetId, setSubnetId] = useState(presetSubnetId ?? subnets[0]?.id ?? '');
  const [az, setAz] = useState(`${session.projectName}-01`);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const errors = { name: validateName(name), subnetId: subnetId ? undefined : 'Choose a subnet.' };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.values(errors).some(Boolean)) return;
    setBusy(true);
    setError(null);
    try {
      const port = await cloud.createInstance({ name, subnetId, deviceOwner: `compute:${az}` });
      notify(`Instance ${port.name} created with address ${port.fixed_ips?.[0]?.ip_address ?? '—'}.`);
      onCreated(port);
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };
  const vpcName = (id: string) => vpcs.find((v) => v.id === id)?.name ?? id;

  return (
    <Dialog title="Create instance" onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label="Create instance">
        <Field label="Name" value={name} onChange={setName} required error={errors.name} showError={tried || name !== ''}
          hint={NAME_HELP} placeholder="ecs-a01" />
        <SelectField label="Subnet" value={subnetId} onChange={setSubnetId} required error={tried ? errors.subnetId : undefined}
          placeholder={subnets.length ? undefined : 'Create a subnet first'}
          options={subnets.map((s) => ({ value: s.id, label: `${vpcName(s.vpc_id)} / ${s.name} (${s.cidr})` }))}
          hint="The instance gets the next free address of this subnet." />
        <SelectField label="Availability zone" value={az} onChange={setAz}
          options={['01', '02', '03'].map((n) => ({ value: `${session.projectName}-${n}`, label: `${session.projectName}-${n}` }))} />
        <ErrorBanner error={error} title="The instance was not created" />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy || subnets.length === 0}>
            {busy ? 'Creating…' : 'Create instance'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
