import { useId, useState } from 'react';
import { useApp } from '../app-context';
import type { Peering, Vpc } from '../api/types';
import { CopyId } from '../components/CopyId';
import { Dialog } from '../components/Dialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field, SelectField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { cidrOverlaps, parseCidr } from '../lib/cidr';
import { useSubmit } from '../lib/use-submit';
import { NAME_HELP, isValid, validatePeering, type PeerKind, type PeeringForm } from '../lib/validate';

export function PeeringCreateDialog({ vpcs, onClose, onCreated, presetLocalVpcId }: {
  vpcs: Vpc[];
  onClose: () => void;
  onCreated: (p: Peering) => void;
  presetLocalVpcId?: string;
}) {
  const { cloud, notify, session } = useApp();
  const [form, setForm] = useState<PeeringForm>({
    name: '',
    description: '',
    localVpcId: presetLocalVpcId ?? vpcs[0]?.id ?? '',
    peerKind: 'same',
    peerVpcId: '',
    peerProjectId: '',
    peerVpcIdOther: '',
  });
  const radioName = useId();
  const errors = validatePeering(form, session.projectId);
  const set = <K extends keyof PeeringForm>(k: K, v: PeeringForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const local = vpcs.find((v) => v.id === form.localVpcId);
  const peer = form.peerKind === 'same' ? vpcs.find((v) => v.id === form.peerVpcId) : undefined;
  const lc = local ? parseCidr(local.cidr) : null;
  const pc = peer ? parseCidr(peer.cidr) : null;
  const overlap = lc && pc && cidrOverlaps(lc, pc);

  const { tried, busy, error, submit } = useSubmit(isValid(errors), async () => {
    const p = await cloud.createPeering({
      name: form.name,
      ...(form.description ? { description: form.description } : {}),
      request_vpc_info: { vpc_id: form.localVpcId },
      accept_vpc_info:
        form.peerKind === 'same'
          ? { vpc_id: form.peerVpcId }
          : { vpc_id: form.peerVpcIdOther.trim(), tenant_id: form.peerProjectId.trim() },
    });
    notify(
      p.status === 'PENDING_ACCEPTANCE'
        ? `Request ${p.name} sent. It becomes active when the other account accepts it.`
        : `Peering ${p.name} is ${p.status.toLowerCase()}. Add routes to both VPCs' route tables.`,
    );
    onCreated(p);
  });
  const show = (v: string | undefined) => (tried ? v : undefined);

  return (
    <Dialog title="Create VPC peering connection" onClose={onClose} wide>
      <form onSubmit={submit} noValidate aria-label="Create VPC peering connection">
        <Field label="Name" value={form.name} onChange={(v) => set('name', v)} required error={errors.name}
          showError={tried || form.name !== ''} hint={NAME_HELP} placeholder="peering-AB" />
        <SelectField label="Local VPC" value={form.localVpcId} onChange={(v) => set('localVpcId', v)} required
          error={show(errors.localVpcId)} placeholder={vpcs.length ? undefined : 'Create a VPC first'}
          options={vpcs.map((v) => ({ value: v.id, label: `${v.name} (${v.cidr})` }))}
          hint="The VPC in this project that sends the request." />
        <fieldset className="radio-group">
          <legend>Peer VPC</legend>
          {(
            [
              ['same', 'A VPC in my project', 'Active at once; you add the routes on both sides.'],
              ['other', 'A VPC in another account', 'The other account must accept the request.'],
            ] as [PeerKind, string, string][]
          ).map(([k, label, help]) => (
            <label key={k} className={`radio-card${form.peerKind === k ? ' radio-card--checked' : ''}`}>
              <input type="radio" name={radioName} value={k} checked={form.peerKind === k} onChange={() => set('peerKind', k)} />
              <span>
                <strong>{label}</strong>
                <span className="radio-card__help">{help}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {form.peerKind === 'same' ? (
          <SelectField label="Peer VPC" value={form.peerVpcId} onChange={(v) => set('peerVpcId', v)} required
            error={show(errors.peerVpcId)} placeholder="Choose the peer VPC"
            options={vpcs.map((v) => ({ value: v.id, label: `${v.name} (${v.cidr})`, disabled: v.id === form.localVpcId }))} />
        ) : (
          <>
            <div className="notice notice--info">
              <p>
                <strong>The other account must accept this request.</strong> Until its owner accepts, the connection stays
                <em> Pending acceptance</em> and carries no traffic; an unanswered request expires. Both VPCs must be in this region
                ({session.projectName}).
              </p>
              <p>
                Ask the owner for the <em>project ID</em> of their {session.projectName} project and their VPC ID. Yours, to share
                with them: <CopyId id={session.projectId} label="your project ID" />
              </p>
            </div>
            <Field label="Peer project ID" value={form.peerProjectId} onChange={(v) => set('peerProjectId', v)} required
              error={errors.peerProjectId} showError={tried} spellCheck={false} autoComplete="off" />
            <Field label="Peer VPC ID" value={form.peerVpcIdOther} onChange={(v) => set('peerVpcIdOther', v)} required
              error={errors.peerVpcIdOther} showError={tried} spellCheck={false} autoComplete="off" />
          </>
        )}
        {overlap && (
          <p className="notice notice--warn">
            {local!.name} ({local!.cidr}) and {peer!.name} ({peer!.cidr}) overlap. The peering can be created, but routes can only
            reach the parts that do not overlap.
          </p>
        )}
        <Field label="Description" value={form.description} onChange={(v) => set('description', v)} error={errors.description} showError={tried} />
        <ErrorBanner error={error} title="The peering connection was not created" />
        <FormActions onCancel={onClose} busy={busy} busyLabel="Creating…"
          submitLabel={form.peerKind === 'other' ? 'Send request' : 'Create peering'} />
      </form>
    </Dialog>
  );
}
