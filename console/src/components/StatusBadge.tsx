import { statusStyle } from '../topology/derive';

const RESOURCE_STATUS: Record<string, { label: string; tone: string }> = {
  OK: { label: 'Available', tone: 'ok' },
  ACTIVE: { label: 'Active', tone: 'ok' },
  CREATING: { label: 'Creating', tone: 'warn' },
  UNKNOWN: { label: 'Unknown', tone: 'muted' },
  DOWN: { label: 'Unbound', tone: 'muted' },
  ERROR: { label: 'Error', tone: 'bad' },
  BUILD: { label: 'Building', tone: 'warn' },
  PENDING_CREATE: { label: 'Creating', tone: 'warn' },
};

const PEERING_TONE: Record<string, string> = {
  ACTIVE: 'ok',
  PENDING_ACCEPTANCE: 'warn',
  REJECTED: 'bad',
  EXPIRED: 'muted',
  DELETED: 'muted',
};

/** A peering's status in the same colours the topology uses for its edge. */
export function PeeringStatusBadge({ status }: { status: string }) {
  const s = statusStyle(status);
  return (
    <span className={`badge badge--${PEERING_TONE[status] ?? 'muted'}`} data-status={status} title={status}>
      <span className="badge__dot" aria-hidden="true" />
      {s.label}
    </span>
  );
}

export function StatusBadge({ status }: { status: string | undefined }) {
  const s = RESOURCE_STATUS[status ?? ''] ?? { label: status ?? '—', tone: 'muted' };
  return (
    <span className={`badge badge--${s.tone}`} data-status={status} title={status}>
      <span className="badge__dot" aria-hidden="true" />
      {s.label}
    </span>
  );
}
