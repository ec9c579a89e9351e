import { useState } from 'react';
import { login, type Session } from '../api/auth';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field } from '../components/Field';
import { useSubmit } from '../lib/use-submit';

const REGIONS = ['eu-de', 'eu-nl', 'eu-ch2'];

/** Sign in with the token API: account (domain), IAM user, password and region (project). */
export function LoginPage({ onLogin, notice }: { onLogin: (s: Session) => void; notice?: string }) {
  const [account, setAccount] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [region, setRegion] = useState('eu-de');

  const errors = {
    account: account.trim() ? undefined : 'Account name is required.',
    user: user.trim() ? undefined : 'User name is required.',
    password: password ? undefined : 'Password is required.',
    region: region.trim() ? undefined : 'Region is required.',
  };

  const { tried, busy, error, submit } = useSubmit(!Object.values(errors).some(Boolean), async () => {
    onLogin(await login({ account: account.trim(), user: user.trim(), password, region: region.trim() }));
  });

  return (
    <main className="login">
      <div className="login__panel">
        <div className="login__brand">
          <span className="brand-mark" aria-hidden="true" />
          <div>
            <h1>Isthmus</h1>
            <p>Virtual Private Cloud · VPC peering</p>
          </div>
        </div>
        {notice && (
          <p className="notice notice--info" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={submit} noValidate aria-label="Sign in">
          <Field label="Account name" value={account} onChange={setAccount} autoComplete="organization" required
            error={errors.account} showError={tried} hint="The account (domain) your administrator created." autoFocus />
          <Field label="IAM user name" value={user} onChange={setUser} autoComplete="username" required
            error={errors.user} showError={tried} />
          <Field label="Password" type="password" value={password} onChange={setPassword} autoComplete="current-password"
            required error={errors.password} showError={tried} />
          <Field label="Region" value={region} onChange={setRegion} list="regions" required error={errors.region}
            showError={tried} hint="Each region is a project of your account, e.g. eu-de." />
          <datalist id="regions">
            {REGIONS.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
          <ErrorBanner error={error} title="Sign-in failed" />
          <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}
