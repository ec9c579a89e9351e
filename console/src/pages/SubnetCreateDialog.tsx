import { useState } from 'react';
import { useApp } from '../app-context';
import type { Subnet, Vpc } from '../api/types';
import { Dialog } from '../components/Dialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { cidrOverlaps, formatCidr, parseCidr, size } from '../lib/cidr';
import { useSubmit } from '../lib/use-submit';
import { NAME_HELP, defaultGateway, isValid, validateSubnet } from '../lib/validate';

/** The first /24 (or the VPC itself when smaller) that no existing subnet overlaps. */
export function suggestSubnet(vpcCidr: string, existing: { cidr: string }[]): string {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) return '';
  const prefix = Math.max(vpc.prefix, 24);
  const step = size({ prefix });
  const taken = existing.map((s) => parseCidr(s.cidr)).filter((c): c is NonNullable<typeof c> => c !== null);
  for (let n = vpc.network; n < vpc.network + size(vpc) && n - vpc.network < 256 * step; n += step) {
    const c = { network: n >>> 0, prefix, address: n >>> 0 };
    if (!taken.some((t) => cidrOverlaps(t, c))) return formatCidr(c);
  }
  return '';
}

export function SubnetCreateDialog({ vpc, subnets, onClose, onCreated }: {
  vpc: Vpc;
  subnets: Subnet[];
  onClose: () => void;
  onCreated: (s: Subnet) => void;
}) {
  const { cloud, notify } = useApp();
  const initial = suggestSubnet(vpc.cidr, subnets);
  const [name, setName] = useState(`subnet-${subnets.length + 1}`);
  const [cidr, setCidr] = useState(initial);
  const [gatewayIp, setGatewayIp] = useState(defaultGateway(initial));
  const [gatewayEdited, setGatewayEdited] = useState(false);
  const [touched, setTouched] = useState<Record<string, boolean>>({});

  const errors = validateSubnet({ name, cidr, gatewayIp }, vpc.cidr, subnets);
  const { tried, busy, error, submit } = useSubmit(isValid(errors), async () => {
    const s = await cloud.createSubnet({ name, cidr: cidr.trim(), gateway_ip: gatewayIp.trim(), vpc_id: vpc.id });
    notify(`Subnet ${s.name} created.`);
    onCreated(s);
  });
  const show = (k: string) => tried || !!touched[k];

  const changeCidr = (v: string) => {
    setCidr(v);
    if (!gatewayEdited) setGatewayIp(defaultGateway(v));
  };

  return (
    <Dialog title={`Create subnet in ${vpc.name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label="Create subnet">
        <Field label="Name" value={name} onChange={setName} required error={errors.name} showError={show('name')}
          onBlur={() => setTouched((t) => ({ ...t, name: true }))} hint={NAME_HELP} />
        <Field label="IPv4 CIDR block" value={cidr} onChange={changeCidr} required error={errors.cidr}
          showError={show('cidr')} onBlur={() => setTouched((t) => ({ ...t, cidr: true }))} spellCheck={false}
          hint={<>Inside the VPC's block <code>{vpc.cidr}</code>, no overlap with other subnets, mask /28 at most. It cannot be changed later.</>} />
        <Field label="Gateway" value={gatewayIp} onChange={(v) => { setGatewayIp(v); setGatewayEdited(true); }} required
          error={errors.gatewayIp} showError={show('gatewayIp')} onBlur={() => setTouched((t) => ({ ...t, gatewayIp: true }))}
          hint="An address inside the subnet; usually its first address." spellCheck={false} />
        <ErrorBanner error={error} title="The subnet was not created" />
        <FormActions onCancel={onClose} busy={busy} busyLabel="Creating…" submitLabel="Create subnet" />
      </form>
    </Dialog>
  );
}
