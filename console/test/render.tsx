import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { AppContext } from '../src/app-context';
import type { Session } from '../src/api/auth';
import type { Cloud } from '../src/api/cloud';
import { ME } from './fixtures';

export const session: Session = {
  token: 'tok', expiresAt: '2099-01-01T00:00:00', accountName: 'acme', userName: 'alice', userId: 'u1', projectId: ME, projectName: 'eu-de',
};

/** A cloud whose every call is a mock; tests override the ones they need. */
export function fakeCloud(overrides: Partial<Cloud> = {}): Cloud {
  const base: Record<string, unknown> = { projectId: ME };
  const handler: ProxyHandler<Record<string, unknown>> = {
    get(target, prop: string) {
      if (prop in overrides) return (overrides as Record<string, unknown>)[prop];
      if (!(prop in target)) target[prop] = vi.fn(async () => (prop.startsWith('list') ? [] : {}));
      return target[prop];
    },
  };
  return new Proxy(base, handler) as unknown as Cloud;
}

export function renderWithApp(ui: ReactElement, cloud: Cloud, notify = vi.fn()) {
  return { notify, ...render(<AppContext.Provider value={{ session, cloud, notify }}>{ui}</AppContext.Provider>) };
}
