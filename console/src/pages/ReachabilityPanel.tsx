import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useApp } from '../app-context';
import { toApiError, type ApiError } from '../api/errors';
import type { Hop, Port, ReachabilityRequest, ReachabilityResult } from '../api/types';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field, SelectField } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { validateIp } from '../lib/validate';

export const REASON_TEXT: Record<string, string> = {
  REACHABLE: 'Request and reply both get through.',
  NO_ROUTE: 'No route leads toward the destination.',
  PEERING_NOT_ACTIVE: 'The VPCs are joined only by a peering that is not active.',
  NO_RETURN_ROUTE: 'The request arrives, but the reply has no route back.',
  TRANSIT_DENIED: 'The traffic would cross a VPC from one peering into another; peering is not transitive.',
  EDGE_TO_EDGE_DENIED: "The traffic would leave through a peer VPC's EIP or gateway.",
  LOCAL_ROUTE_WINS: "The destination lies in a subnet of the source's own VPC, so the traffic never goes to the peer.",
  ADDRESS_NOT_FOUND: 'The traffic reaches the subnet, but no instance holds that address.',
};

export interface CheckedFlow {
  request: ReachabilityRequest;
  result: ReachabilityResult;
}

/** Asks the trace engine whether one instance can reach another instance or an address. */
export function ReachabilityPanel({ instances, onResult }: { instances: Port[]; onResult: (r: CheckedFlow | null) => void }) {
  const { cloud } = useApp();
  const [source, setSource] = useState('');
  const [destKind, setDestKind] = useState<'instance' | 'ip'>('instance');
  const [destPort, setDestPort] = useState('');
  const [destIp, setDestIp] = useState('');
  const [protocol, setProtocol] = useState<'icmp' | 'tcp' | 'udp'>('icmp');
  const [port, setPort] = useState('22');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [checked, setChecked] = useState<CheckedFlow | null>(null);
  const radio = useId();

  const portNum = Number(port);
  const errors = {
    source: source ? undefined : 'Choose the source instance.',
    destPort: destKind === 'instance' && !destPort ? 'Choose the destination instance.' : destKind === 'instance' && destPort === source ? 'Choose another instance than the source.' : undefined,
    destIp: destKind === 'ip' ? validateIp(destIp) : undefined,
    port: protocol !== 'icmp' && !(Number.isInteger(portNum) && portNum >= 1 && portNum <= 65535) ? 'A port is a number from 1 to 65535.' : undefined,
  };
  const label = (p: Port) => `${p.name} (${p.fixed_ips?.[0]?.ip_address ?? '—'})`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.values(errors).some(Boolean)) return;
    const request: ReachabilityRequest = {
      source: { port_id: source },
      destination: destKind === 'instance' ? { port_id: destPort } : { ip: destIp.trim() },
      protocol,
      ...(protocol !== 'icmp' ? { port: portNum } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      const result = await cloud.reachability(request);
      const c = { request, result };
      setChecked(c);
      onResult(c);
    } catch (err) {
      setError(toApiError(err));
      setChecked(null);
      onResult(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="reach" aria-labelledby="reach-title">
      <h2 id="reach-title">Reachability check</h2>
      <p className="reach__lede">Can one instance reach another? The answer follows the same plan the data plane is built from.</p>
      <form onSubmit={submit} noValidate aria-label="Reachability check">
        <SelectField label="Source instance" value={source} onChange={setSource} required placeholder="Choose an instance"
          error={tried ? errors.source : undefined} options={instances.map((p) => ({ value: p.id, label: label(p) }))} />
        <fieldset className="radio-inline">
          <legend>Destination</legend>
          <label><input type="radio" name={radio} checked={destKind === 'instance'} onChange={() => setDestKind('instance')} /> Instance</label>
          <label><input type="radio" name={radio} checked={destKind === 'ip'} onChange={() => setDestKind('ip')} /> IP address</label>
        </fieldset>
        {destKind === 'instance' ? (
          <SelectField label="Destination instance" value={destPort} onChange={setDestPort} required placeholder="Choose an instance"
            error={tried ? errors.destPort : undefined}
            options={instances.map((p) => ({ value: p.id, label: label(p), disabled: p.id === source }))}
            hint="Instances of other accounts: use their IP address." />
        ) : (
          <Field label="Destination IP address" value={destIp} onChange={setDestIp} required error={errors.destIp} showError={tried}
            spellCheck={false} placeholder="172.16.0.10" hint="An address in a peer VPC, or outside every VPC for the Internet." />
        )}
        <div className="field-row">
          <SelectField label="Protocol" value={protocol} onChange={(v) => setProtocol(v as typeof protocol)}
            options={[{ value: 'icmp', label: 'ICMP (ping)' }, { value: 'tcp', label: 'TCP' }, { value: 'udp', label: 'UDP' }]} />
          <Field label="Port" type="number" min={1} max={65535} value={protocol === 'icmp' ? '' : port} onChange={setPort}
            disabled={protocol === 'icmp'} error={errors.port} showError={tried} placeholder={protocol === 'icmp' ? 'n/a' : ''} />
        </div>
        <ErrorBanner error={error} title="The check could not run" />
        <FormActions busy={busy} disabled={instances.length === 0} busyLabel="Checking…" submitLabel="Check reachability">
          {checked && (
            <button type="button" className="btn" onClick={() => { setChecked(null); onResult(null); }}>
              Clear
            </button>
          )}
        </FormActions>
      </form>
      {checked && <Verdict result={checked.result} />}
    </section>
  );
}

export function Verdict({ result }: { result: ReachabilityResult }) {
  const ref = useRef<HTMLDivElement>(null);
  // The answer may land below the form: bring it into view.
  // (Braces matter: newer browsers return a promise from scrollIntoView, and an effect
  // must return nothing or a cleanup function.)
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [result]);
  return (
    <div ref={ref} className={`verdict verdict--${result.reachable ? 'ok' : 'bad'}`} data-testid="verdict" role="status">
      <p className="verdict__headline">
        <span aria-hidden="true">{result.reachable ? '✓' : '✕'}</span> {result.reachable ? 'Reachable' : 'Not reachable'}
        <code className="verdict__reason">{result.reason}</code>
      </p>
      <p className="verdict__explanation">{result.explanation}</p>
      {!result.reachable && REASON_TEXT[result.reason] && <p className="verdict__hint">{REASON_TEXT[result.reason]}</p>}
      <Hops title="Request path" hops={result.forward} />
      <Hops title="Reply path" hops={result.return} />
    </div>
  );
}

function Hops({ title, hops }: { title: string; hops: Hop[] }) {
  if (!hops || hops.length === 0) return null;
  return (
    <div className="hops">
      <h3>{title}</h3>
      <ol>
        {hops.map((h, i) => (
          <li key={i}>
            <span className="hops__at">{h.at}</span>
            <span className="hops__action">{h.action}</span>
            {h.detail && <span className="hops__detail">{h.detail}</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
