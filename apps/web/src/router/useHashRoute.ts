import { useSyncExternalStore } from 'react';

/** Pages addressed by the URL hash, so the API's SPA fallback never needs to know them. */
export type Route = { page: 'home' } | { page: 'history' } | { page: 'session'; id: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const session = /^\/history\/([^/?#]+)$/.exec(path);
  if (session?.[1]) return { page: 'session', id: decodeURIComponent(session[1]) };
  if (path === '/history' || path === '/history/') return { page: 'history' };
  return { page: 'home' };
}

export function historyHref(sessionId?: string): string {
  return sessionId === undefined ? '#/history' : `#/history/${encodeURIComponent(sessionId)}`;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

const getHash = () => window.location.hash;

export function useHashRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, getHash));
}
