import type { ChargerProfileView } from '@chargeplane/compliance-domain';

/** What a GB charger is asked to hold and has confirmed, per profile id (compliance reads it, never writes it). */
export interface ChargerProfileSource {
  list(chargerId: string): Promise<ChargerProfileView[]>;
}
