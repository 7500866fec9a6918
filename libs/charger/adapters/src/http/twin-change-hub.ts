import { subjects, TwinChange } from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Subscription } from '@nats-io/transport-node';

type Listener = (change: TwinChange) => void;

/**
 * Fans `twin.changed.{tenantId}` out to the open streams of that tenant: one NATS subscription per tenant
 * with listeners, whatever the number of clients. A message for another tenant, or one that does not
 * parse, never reaches a listener.
 */
export class TwinChangeHub {
  private readonly tenants = new Map<string, { subscription: Subscription; listeners: Set<Listener> }>();

  constructor(private readonly bus: NatsBus) {}

  /** Resolves once the server has the subscription (no change published after that is missed); returns the unsubscribe. */
  async subscribe(tenantId: string, listener: Listener): Promise<() => void> {
    let entry = this.tenants.get(tenantId);
    if (!entry) {
      const listeners = new Set<Listener>();
      const subscription = this.bus.nc.subscribe(this.bus.subject(subjects.twinChanged(tenantId)), {
        callback: (err, msg) => {
          if (err) return;
          let raw: unknown;
          try {
            raw = msg.json();
          } catch {
            return;
          }
          const change = TwinChange.safeParse(raw);
          if (!change.success || change.data.tenantId !== tenantId) return;
          for (const l of listeners) l(change.data);
        },
      });
      entry = { subscription, listeners };
      this.tenants.set(tenantId, entry);
    }
    const current = entry;
    current.listeners.add(listener);
    await this.bus.nc.flush();
    return () => {
      current.listeners.delete(listener);
      if (current.listeners.size === 0 && this.tenants.get(tenantId) === current) {
        current.subscription.unsubscribe();
        this.tenants.delete(tenantId);
      }
    };
  }

  /** Tenants with at least one open stream (for tests and metrics). */
  get openTenants(): number {
    return this.tenants.size;
  }
}
