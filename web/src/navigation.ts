// The console's routes on the History API (the engine answers any non-/api path with index.html):
//   /sessions                                  every session, filtered by cluster and status
//   /sessions/<cluster>/<volume>/<session id>  one session: workers and options
//   /events, /inventory
import { useCallback, useEffect, useState } from 'react';

export type Route =
  | { page: 'sessions' }
  | { page: 'session'; cluster: string; volume: string; sessionId: number }
  | { page: 'events' }
  | { page: 'inventory' };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  if (parts[0] === 'events') return { page: 'events' };
  if (parts[0] === 'inventory') return { page: 'inventory' };
  if (parts[0] === 'sessions' && parts.length === 4 && /^\d+$/.test(parts[3]))
    return { page: 'session', cluster: parts[1], volume: parts[2], sessionId: Number(parts[3]) };
  return { page: 'sessions' };
}

export function routePath(route: Route): string {
  switch (route.page) {
    case 'session':
      return `/sessions/${encodeURIComponent(route.cluster)}/${encodeURIComponent(route.volume)}/${route.sessionId}`;
    default:
      return `/${route.page}`;
  }
}

export function useRoute(): [Route, (r: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((r: Route) => {
    window.history.pushState(null, '', routePath(r));
    setRoute(r);
  }, []);
  return [route, navigate];
}
