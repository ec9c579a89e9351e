import { useState } from 'react';
import { useApp } from '../app-context';
import type { Peering, RouteTable, Subnet, Vpc } from '../api/types';
import { Dialog } from '../components/Dialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field, SelectField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { useSubmit } from '../lib/use-submit';
import { statusStyle } from '../topology/derive';
import { validateDescription, validateRouteDestination } from '../lib/validate';

/** The VPC at the other end of a peering, seen from `vpcId`. */
export function peerSide(p: Peering, vpcId: string) {
  return p.request_vpc_info.vpc_id === vpcId ? p.accept_vpc_info : p.request_vpc_info;
}

/** Adds a route whose next hop is a peering to one route table of a VPC. */
export function AddRouteDialog({ vpc, table, subnets, peerings, myVpcs, onClose, onAdded, presetPeeringId }: {
  vpc: Vpc;
  table: RouteTable;
  subnets: Subnet[];
  peerings: Peering[];
  myVpcs: Vpc[];
  onClose: () => void;
  onAdded: () => void;
  presetPeeringId?: string;
}) {
  const { cloud, notify } = useApp();
  const usable = peerings.filter((p) => p.request_vpc_info.vpc_id === vpc.id || p.accept_vpc_info.vpc_id === vpc.id);
  const firstActive = usable.find((p) => p.status === 'ACTIVE');
  const [peeringId, setPeeringId] = useState(presetPeeringId ?? firstActive?.id ?? '');
  const peerCidr = (id: string) => {
    const p = usable.find((x) => x.id === id);
    return p ? myVpcs.find((v) => v.id === peerSide(p, vpc.id).vpc_id)?.cidr ?? '' : '';
  };
  const [destination, setDestination] = useState(peerCidr(presetPeeringId ?? firstActive?.id ?? ''));
  const [description, setDescription] = useState('');

  const selected = usable.find((p) => p.id === peeringId);
  const peerIsMine = selected ? myVpcs.some((v) => v.id === peerSide(selected, vpc.id).vpc_id) : false;
  const errors = {
    peeringId: !peeringId
      ? 'Choose a peering connection.'
      : selected && selected.status !== 'ACTIVE'
        ? `This peering is ${statusStyle(selected.status).label.toLowerCase()}: routes need an active peering.`
        : undefined,
    destination: validateRouteDestination(destination, subnets, table.routes),
    description: validateDescription(description),
  };

  const { tried, busy, error, submit } = useSubmit(!Object.values(errors).some(Boolean), async () => {
    await cloud.addPeeringRoute(table.id, {
      destination: destination.trim(),
      nexthop: peeringId,
      ...(description ? { description } : {}),
    });
    notify(`Route to ${destination.trim()} added.`);
    onAdded();
  });

  return (
    <Dialog title={`Add route to ${table.name || 'route table'}`} onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label="Add route">
        <SelectField label="Next hop: peering connection" value={peeringId} required
          onChange={(id) => {
            setPeeringId(id);
            const c = peerCidr(id);
            if (c) setDestination(c);
          }}
          placeholder={usable.length ? 'Choose a peering connection' : 'No peering connection uses this VPC'}
          options={usable.map((p) => ({ value: p.id, label: `${p.name} (${statusStyle(p.status).label})` }))}
          error={tried ? errors.peeringId : undefined}
          hint="Only an active peering carries traffic." />
        <Field label="Destination" value={destination} onChange={setDestination} required spellCheck={false}
          error={errors.destination} showError={tried || destination !== ''}
          hint={
            peerIsMine
              ? "The peer VPC's CIDR is filled in; narrow it to a subnet or a /32 to reach only part of it."
              : "The peer VPC's CIDR, one of its subnets, or a single address (/32). Ask the other account for it. It must not overlap this VPC's subnets."
          } />
        <Field label="Description" value={description} onChange={setDescription} error={errors.description} showError={tried} />
        <p className="field__hint">
          Traffic flows only when the other side adds the return route in its own route table
          {peerIsMine ? ' (also yours here)' : ' (the other account does that)'}.
        </p>
        <ErrorBanner error={error} title="The route was not added" />
        <FormActions onCancel={onClose} busy={busy} busyLabel="Adding…" submitLabel="Add route" />
      </form>
    </Dialog>
  );
}
