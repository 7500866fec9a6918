/** The signed-in key lives in sessionStorage only: it is gone when the browser tab closes. */
export type Role = 'tenant' | 'admin';
export interface Session {
  key: string;
  role: Role;
  tenantId?: string;
}

const storageKey = 'chargeplane.console.session';

export function loadSession(): Session | null {
  const raw = sessionStorage.getItem(storageKey);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Session;
    return typeof parsed.key === 'string' && (parsed.role === 'tenant' || parsed.role === 'admin') ? parsed : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(storageKey, JSON.stringify(session));
  else sessionStorage.removeItem(storageKey);
}
