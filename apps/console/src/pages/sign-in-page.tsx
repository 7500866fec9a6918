import { TwinSummary } from '@chargeplane/contracts-api';
import { useState, type FormEvent } from 'react';
import { ApiError, request } from '../api/client.js';
import type { Session } from '../api/session.js';
import { z } from 'zod';

/** Which key this is: a tenant key reads its fleet; the admin key passes the admin guard (422 on an empty body). */
async function identify(key: string): Promise<Session | null> {
  try {
    const summary = await request(key, '/v1/fleet/summary', { schema: TwinSummary });
    return { key, role: 'tenant', tenantId: summary.tenantId };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
  }
  try {
    await request(key, '/v1/tenants', { schema: z.unknown() });
    return { key, role: 'admin' };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

export function SignInPage({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await identify(key.trim());
      if (session) onSignedIn(session);
      else setError('This key is not known: check it, or ask your operator for a tenant API key.');
    } catch (err) {
      setError(`The API did not answer as expected: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <h1>Chargeplane console</h1>
      <form onSubmit={submit} aria-describedby="sign-in-help">
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          required
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'sign-in-error' : undefined}
        />
        <p id="sign-in-help" className="help">
          A tenant API key (or the operator admin key). It is kept for this browser tab only.
        </p>
        {error ? (
          <p id="sign-in-error" role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy || key.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
