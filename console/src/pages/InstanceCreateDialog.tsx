import { useState } from 'react';
import { useApp } from '../app-context';
import type { Port, Subnet, Vpc } from '../api/types';
import { Dialog } from '../components/Dialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field, SelectField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { useSubmit } from '../lib/use-submit';
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
  const errors = { name: validateName(name), subnetId: subnetId ? undefined : 'Choose a subnet.' };

  const { tried, busy, error, submit } = useSubmit(!Object.values(errors).some(Boolean), async () => {
    const port = await cloud.createInstance({ name, subnetId, deviceOwner: `compute:${az}` });
    notify(`Instance ${port.name} created with address ${port.fixed_ips?.[0]?.ip_address ?? '—'}.`);
    onCreated(port);
  });
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
        <FormActions onCancel={onClose} busy={busy} disabled={subnets.length === 0} busyLabel="Creating…" submitLabel="Create instance" />
      </form>
    </Dialog>
  );
}
