import { useEffect, useState } from 'react';

// Hash routes (#/vpcs/ID) keep every page reachable by URL while the server only has to
// serve index.html at /console/.

export type Route =
  | { page: 'vpcs' }
  | { page: 'vpc'; id: string; tab?: string }
  | { page: 'peerings' }
  | { page: 'peering'; id: string }
  | { page: 'instances' }
  | { page: 'topology' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'vpcs':
      return parts[1] ? { page: 'vpc', id: parts[1], tab: parts[2] } : { page: 'vpcs' };
    case 'peerings':
      return parts[1] ? { page: 'peering', id: parts[1] } : { page: 'peerings' };
    case 'instances':
      return { page: 'instances' };
    case 'topology':
      return { page: 'topology' };
    default:
      return { page: 'vpcs' };
  }
}

export function href(route: Route): string {
  switch (route.page) {
    case 'vpc':
      return `#/vpcs/${encodeURIComponent(route.id)}${route.tab ? `/${route.tab}` : ''}`;
    case 'peering':
      return `#/peerings/${encodeURIComponent(route.id)}`;
    default:
      return `#/${route.page}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
