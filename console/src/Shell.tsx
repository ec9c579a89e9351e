import { Suspense, lazy } from 'react';
import type { Session } from './api/auth';
import { useApp, type Notice } from './app-context';
import { RegionSwitcher } from './components/RegionSwitcher';
import { href, useRoute, type Route } from './lib/hash-router';
import { useResource } from './lib/use-resource';
import { InstancesPage } from './pages/InstancesPage';
import { PeeringDetailPage } from './pages/PeeringDetailPage';
import { PeeringsPage } from './pages/PeeringsPage';
import { VpcDetailPage } from './pages/VpcDetailPage';
import { VpcsPage } from './pages/VpcsPage';
import { isIncoming } from './topology/derive';

// The topology pulls in the graph layout engine (most of the bundle): load it on demand.
const TopologyPage = lazy(() => import('./pages/TopologyPage').then((m) => ({ default: m.TopologyPage })));

const NAV: { page: Route['page']; label: string; match: Route['page'][] }[] = [
  { page: 'vpcs', label: 'Virtual Private Clouds', match: ['vpcs', 'vpc'] },
  { page: 'peerings', label: 'VPC peering connections', match: ['peerings', 'peering'] },
  { page: 'instances', label: 'Instances & EIPs', match: ['instances'] },
  { page: 'topology', label: 'Topology & reachability', match: ['topology'] },
];

/** The frame around every page: header with region and user, navigation, notices. */
export function Shell({ onLogout, onSwitch, notices }: { onLogout: () => void; onSwitch: (s: Session) => void; notices: Notice[] }) {
  const { session, cloud } = useApp();
  const route = useRoute();
  // Incoming requests are announced on every page: the other account is waiting.
  const peerings = useResource(() => cloud.listPeerings(), [cloud], 5000);
  const incoming = (peerings.data ?? []).filter((p) => isIncoming(p, session.projectId)).length;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="topbar__brand" href={href({ page: 'vpcs' })}>
          <span className="brand-mark" aria-hidden="true" />
          <span>Isthmus</span>
          <span className="topbar__service">Virtual Private Cloud</span>
        </a>
        <div className="topbar__right">
          <RegionSwitcher session={session} onSwitch={onSwitch} />
          <span className="topbar__user" title={`Project ${session.projectId}`}>
            <span className="visually-hidden">Signed in as </span>
            {session.userName}
            <span className="topbar__account"> @ {session.accountName}</span>
          </span>
          <button type="button" className="btn btn--ghost btn--on-dark" onClick={onLogout}>
            Sign out
          </button>
        </div>
      </header>
      <div className="shell__body">
        <nav className="sidenav" aria-label="Console sections">
          <ul>
            {NAV.map((n) => {
              const current = n.match.includes(route.page);
              return (
                <li key={n.page}>
                  <a href={href({ page: n.page } as Route)} aria-current={current ? 'page' : undefined}>
                    {n.label}
                    {n.page === 'peerings' && incoming > 0 && (
                      <span className="count-badge" aria-label={`${incoming} incoming requests`}>
                        {incoming}
                      </span>
                    )}
                  </a>
                </li>
              );
            })}
          </ul>
          <p className="sidenav__project">
            Project <code className="selectable">{session.projectId}</code>
          </p>
        </nav>
        <main id="main" className="content" tabIndex={-1}>
          {route.page === 'vpcs' && <VpcsPage />}
          {route.page === 'vpc' && <VpcDetailPage id={route.id} tab={route.tab} />}
          {route.page === 'peerings' && <PeeringsPage />}
          {route.page === 'peering' && <PeeringDetailPage id={route.id} />}
          {route.page === 'instances' && <InstancesPage />}
          {route.page === 'topology' && (
            <Suspense fallback={<p className="loading" role="status">Loading the topology…</p>}>
              <TopologyPage />
            </Suspense>
          )}
        </main>
      </div>
      <div className="notices" role="status" aria-live="polite">
        {notices.map((n) => (
          <p key={n.id} className={`notice notice--${n.kind}`}>
            {n.text}
          </p>
        ))}
      </div>
    </div>
  );
}
