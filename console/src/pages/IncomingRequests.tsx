import { useState } from 'react';
import { useApp } from '../app-context';
import { toApiError, type ApiError } from '../api/errors';
import type { Peering, Vpc } from '../api/types';
import { ErrorBanner } from '../components/ErrorBanner';
import { formatTime } from '../lib/format';

/**
 * Requests other accounts sent to VPCs of this project. They do nothing until accepted, so
 * they are shown first and apart from the list, each with Accept and Reject.
 */
export function IncomingRequests({ requests, myVpcs, onAnswered }: { requests: Peering[]; myVpcs: Vpc[]; onAnswered: () => Promise<void> }) {
  const { cloud, notify } = useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  if (requests.length === 0) return null;

  const answer = async (p: Peering, accept: boolean) => {
    setBusy(p.id);
    setError(null);
    try {
      const r = accept ? await cloud.acceptPeering(p.id) : await cloud.rejectPeering(p.id);
      notify(accept ? `Peering ${p.name} accepted: it is now ${r.status === 'ACTIVE' ? 'active' : r.status}.` : `Peering ${p.name} rejected.`);
      await onAnswered();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="incoming" aria-labelledby="incoming-title">
      <h2 id="incoming-title">
        Incoming requests <span className="count-badge">{requests.length}</span>
      </h2>
      <p className="incoming__lede">Another account asks to peer with your VPC. Accept only requests you expect: once active, both VPCs can exchange traffic wherever routes allow.</p>
      <ErrorBanner error={error} title="The request was not answered" onDismiss={() => setError(null)} />
      <ul className="incoming__list">
        {requests.map((p) => {
          const mine = myVpcs.find((v) => v.id === p.accept_vpc_info.vpc_id);
          return (
            <li key={p.id} className="incoming__item" data-testid="incoming-request" data-peering-id={p.id}>
              <div className="incoming__text">
                <p className="incoming__name">{p.name}</p>
                <p>
                  Project <code className="selectable">{p.request_vpc_info.tenant_id}</code>, VPC{' '}
                  <code className="selectable">{p.request_vpc_info.vpc_id}</code>
                  <br />
                  wants to peer with your VPC <strong>{mine ? `${mine.name} (${mine.cidr})` : p.accept_vpc_info.vpc_id}</strong>
                </p>
                {p.description && <p className="incoming__desc">“{p.description}”</p>}
                <p className="incoming__when">Requested {formatTime(p.created_at)}</p>
              </div>
              <div className="incoming__actions">
                <button type="button" className="btn btn--primary" disabled={busy !== null} onClick={() => void answer(p, true)}
                  aria-label={`Accept peering request ${p.name}`}>
                  {busy === p.id ? 'Working…' : 'Accept'}
                </button>
                <button type="button" className="btn btn--danger-ghost" disabled={busy !== null} onClick={() => void answer(p, false)}
                  aria-label={`Reject peering request ${p.name}`}>
                  Reject
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
