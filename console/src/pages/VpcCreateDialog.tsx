import { useState } from 'react';
import { useApp } from '../app-context';
import type { Vpc } from '../api/types';
import { Dialog } from '../components/Dialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { VPC_RANGES } from '../lib/cidr';
import { useSubmit } from '../lib/use-submit';
import { NAME_HELP, isValid, validateDescription, validateName, validateVpcCidr } from '../lib/validate';

export function VpcCreateDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (v: Vpc) => void }) {
  const { cloud, notify } = useApp();
  const [name, setName] = useState('');
  const [cidr, setCidr] = useState('192.168.0.0/16');
  const [description, setDescription] = useState('');
  const [touched, setTouched] = useState<Record<string, boolean>>({});

  const errors = { name: validateName(name), cidr: validateVpcCidr(cidr), description: validateDescription(description) };
  const { tried, busy, error, submit } = useSubmit(isValid(errors), async () => {
    const vpc = await cloud.createVpc({ name, cidr: cidr.trim(), ...(description ? { description } : {}) });
    notify(`VPC ${vpc.name} created.`);
    onCreated(vpc);
  });
  const show = (k: string) => tried || !!touched[k];

  return (
    <Dialog title="Create VPC" onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label="Create VPC">
        <Field label="Name" value={name} onChange={setName} required maxLength={80} error={errors.name}
          showError={show('name')} onBlur={() => setTouched((t) => ({ ...t, name: true }))} hint={NAME_HELP} placeholder="vpc-app" />
        <Field label="IPv4 CIDR block" value={cidr} onChange={setCidr} required error={errors.cidr}
          showError={show('cidr')} onBlur={() => setTouched((t) => ({ ...t, cidr: true }))} spellCheck={false}
          hint={
            <>
              A VPC uses one private block. Allowed:{' '}
              {VPC_RANGES.map((r, i) => (
                <span key={r.block}>
                  {i > 0 && ', '}
                  <button type="button" className="link-button" onClick={() => setCidr(r.block.replace(/\/\d+$/, `/${Math.max(r.minPrefix, 16)}`))}>
                    {r.block}
                  </button>{' '}
                  (/{r.minPrefix}–/{r.maxPrefix})
                </span>
              ))}
              . Subnets are carved from it later; peered VPCs should not overlap.
            </>
          }
        />
        <Field label="Description" value={description} onChange={setDescription} error={errors.description}
          showError={show('description')} onBlur={() => setTouched((t) => ({ ...t, description: true }))} />
        <ErrorBanner error={error} title="The VPC was not created" />
        <FormActions onCancel={onClose} busy={busy} busyLabel="Creating…" submitLabel="Create VPC" />
      </form>
    </Dialog>
  );
}
