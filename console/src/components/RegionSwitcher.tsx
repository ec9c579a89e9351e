import { useId, useState } from 'react';
import { listProjects, loginToProject, rescope, type Session } from '../api/auth';
import { useResource } from '../lib/use-resource';
import { useSubmit } from '../lib/use-submit';
import { Dialog } from './Dialog';
import { ErrorBanner } from './ErrorBanner';
import { Field } from './Field';
import { FormActions } from './FormActions';

/**
 * The account's projects, one per region. Switching asks the token API for a token of the
 * other project; when the server does not re-scope tokens, it asks for the password.
 */
export function RegionSwitcher({ session, onSwitch }: { session: Session; onSwitch: (s: Session) => void }) {
  const id = useId();
  const projects = useResource(() => listProjects(session), [session.token]);
  const [pending, setPending] = useState<{ id: string; name: string } | null>(null);
  const [password, setPassword] = useState('');

  const list = projects.data ?? [{ id: session.projectId, name: session.projectName }];
  const options: { id: string; name: string; enabled?: boolean }[] = list.some((p) => p.id === session.projectId)
    ? list
    : [{ id: session.projectId, name: session.projectName }, ...list];

  const choose = async (projectId: string) => {
    if (projectId === session.projectId) return;
    const target = options.find((p) => p.id === projectId);
    try {
      onSwitch(await rescope(session, projectId));
    } catch {
      setPending({ id: projectId, name: target?.name ?? projectId });
    }
  };

  const { busy, error, submit } = useSubmit(!!pending && !!password, async () => {
    onSwitch(await loginToProject({ account: session.accountName, user: session.userName, password }, pending!.id));
  });

  return (
    <div className="region-switcher">
      <label htmlFor={id}>Region</label>
      <select id={id} value={session.projectId} onChange={(e) => void choose(e.target.value)}>
        {options.map((p) => (
          <option key={p.id} value={p.id} disabled={p.enabled === false && p.id !== session.projectId}>
            {p.name}
            {p.enabled === false ? ' (disabled)' : ''}
          </option>
        ))}
      </select>
      {pending && (
        <Dialog title={`Switch to ${pending.name}`} onClose={() => setPending(null)}>
          <form onSubmit={submit}>
            <p>Enter your password to open project {pending.name} of account {session.accountName}.</p>
            <Field label="Password" type="password" value={password} onChange={setPassword} autoComplete="current-password" required />
            <ErrorBanner error={error} title="Could not switch region" />
            <FormActions onCancel={() => setPending(null)} busy={busy} disabled={!password} busyLabel="Switching…" submitLabel="Switch region" />
          </form>
        </Dialog>
      )}
    </div>
  );
}
