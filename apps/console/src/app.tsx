import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { loadSession, saveSession, type Session } from './api/session.js';
import { hrefOf, useRoute } from './api/use-route.js';
import { AdminPage } from './pages/admin-page.js';
import { FleetPage } from './pages/fleet-page.js';
import { SignInPage } from './pages/sign-in-page.js';

// The charger page carries the chart library: loaded when a charger is opened, so the fleet page starts lighter.
const ChargerPage = lazy(() => import('./pages/charger-page.js').then((m) => ({ default: m.ChargerPage })));

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const route = useRoute();
  const queries = useQueryClient();
  const signOut = () => {
    saveSession(null);
    queries.clear();
    setSession(null);
  };
  if (!session)
    return (
      <SignInPage
        onSignedIn={(s) => {
          saveSession(s);
          setSession(s);
          location.hash = s.role === 'admin' ? hrefOf({ page: 'admin' }) : hrefOf({ page: 'fleet' });
        }}
      />
    );
  return (
    <>
      <header className="top">
        <a className="brand" href={hrefOf(session.role === 'admin' ? { page: 'admin' } : { page: 'fleet' })}>
          Chargeplane console
        </a>
        <nav aria-label="Main">
          {session.role === 'tenant' ? <a href={hrefOf({ page: 'fleet' })}>Fleet</a> : null}
          {session.role === 'admin' ? <a href={hrefOf({ page: 'admin' })}>Tenants</a> : null}
        </nav>
        <span className="who">{session.role === 'admin' ? 'operator admin' : 'tenant key'}</span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        {session.role === 'admin' ? (
          <AdminPage session={session} />
        ) : route.page === 'charger' ? (
          <Suspense fallback={<p>Loading {route.chargerId}…</p>}>
            <ChargerPage key={route.chargerId} session={session} chargerId={route.chargerId} />
          </Suspense>
        ) : (
          <FleetPage session={session} />
        )}
      </main>
    </>
  );
}
