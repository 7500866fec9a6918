import {
  ChargingProfileAccepted,
  ChargingProfileCleared,
  ChargingProfileDesired,
  ChargingProfileRemovalDesired,
  OFF_PEAK_DEFAULT_PROFILE_ID,
  TransactionStopped,
  type EventEnvelope,
} from '@chargeplane/contracts-events';
import { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { ChargerProfileView } from '@chargeplane/compliance-domain';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

const ViewRow = z.object({
  charging_profile_id: z.coerce.number(),
  connector_id: z.number(),
  desired: ChargingProfile.nullable(),
  confirmed: ChargingProfile.nullable(),
});
const UPSERT = `INSERT INTO compliance_charger_profiles (charger_id, charging_profile_id, connector_id, purpose, transaction_id, desired, confirmed)
  VALUES ($1, $2, $3, $4, $5, $6, $7)`;

/** Which profiles a GB charger is asked to hold and has confirmed, from its charger stream (desired vs confirmed). */
export class ChargerProfilesProjection {
  constructor(private readonly db: DataSource) {}

  /** Takes one charger event in; `singleTxDefault`: a new TxDefaultProfile replaces any other (zappi, Z8). */
  async apply(envelope: EventEnvelope, singleTxDefault: boolean): Promise<void> {
    const id = envelope.chargerId;
    switch (envelope.type) {
      case 'ChargingProfileDesired': {
        const { connectorId, chargingProfile: p } = ChargingProfileDesired.shape.data.parse(envelope.data);
        await this.db.query(
          `${UPSERT} ON CONFLICT (charger_id, charging_profile_id) DO UPDATE SET connector_id = $3, purpose = $4, transaction_id = $5, desired = $6`,
          [id, p.chargingProfileId, connectorId, p.chargingProfilePurpose, p.transactionId ?? null, p, null],
        );
        break;
      }
      case 'ChargingProfileRemovalDesired': {
        const { chargingProfileId } = ChargingProfileRemovalDesired.shape.data.parse(envelope.data);
        await this.db.query(
          `UPDATE compliance_charger_profiles SET desired = NULL WHERE charger_id = $1 AND charging_profile_id = $2`,
          [id, chargingProfileId],
        );
        break;
      }
      case 'ChargingProfileAccepted': {
        const { connectorId, chargingProfile: p } = ChargingProfileAccepted.shape.data.parse(envelope.data);
        if (singleTxDefault && p.chargingProfilePurpose === 'TxDefaultProfile') {
          await this.db.query(
            `UPDATE compliance_charger_profiles SET confirmed = NULL WHERE charger_id = $1 AND purpose = 'TxDefaultProfile' AND charging_profile_id <> $2`,
            [id, p.chargingProfileId],
          );
        }
        await this.db.query(`${UPSERT} ON CONFLICT (charger_id, charging_profile_id) DO UPDATE SET confirmed = $7`, [
          id,
          p.chargingProfileId,
          connectorId,
          p.chargingProfilePurpose,
          p.transactionId ?? null,
          null,
          p,
        ]);
        break;
      }
      case 'ChargingProfileCleared': {
        const { chargingProfileId } = ChargingProfileCleared.shape.data.parse(envelope.data);
        await this.db.query(
          `UPDATE compliance_charger_profiles SET confirmed = NULL WHERE charger_id = $1 AND charging_profile_id = $2`,
          [id, chargingProfileId],
        );
        break;
      }
      case 'TransactionStopped': {
        // A finished transaction's TxProfiles are gone from the device (Q10).
        const { transactionId } = TransactionStopped.shape.data.parse(envelope.data);
        await this.db.query(
          `UPDATE compliance_charger_profiles SET desired = NULL, confirmed = NULL WHERE charger_id = $1 AND purpose = 'TxProfile' AND transaction_id = $2`,
          [id, transactionId],
        );
        break;
      }
      default:
        return;
    }
    await this.db.query(
      `DELETE FROM compliance_charger_profiles WHERE charger_id = $1 AND desired IS NULL AND confirmed IS NULL`,
      [id],
    );
  }

  async list(chargerId: string): Promise<ChargerProfileView[]> {
    const rows = z
      .array(ViewRow)
      .parse(
        await this.db.query(
          `SELECT charging_profile_id, connector_id, desired, confirmed FROM compliance_charger_profiles WHERE charger_id = $1 ORDER BY charging_profile_id`,
          [chargerId],
        ),
      );
    return rows.map((r) => ({
      chargingProfileId: r.charging_profile_id,
      connectorId: r.connector_id,
      desired: r.desired,
      confirmed: r.confirmed,
    }));
  }

  /** The CPO's own desired TxDefaultProfile (not the platform's default), if any. */
  async cpoTxDefaultProfileId(chargerId: string): Promise<number | null> {
    const rows = z.array(z.object({ id: z.coerce.number() })).parse(
      await this.db.query(
        `SELECT charging_profile_id AS id FROM compliance_charger_profiles
          WHERE charger_id = $1 AND purpose = 'TxDefaultProfile' AND desired IS NOT NULL AND charging_profile_id <> $2
          ORDER BY charging_profile_id LIMIT 1`,
        [chargerId, OFF_PEAK_DEFAULT_PROFILE_ID],
      ),
    );
    return rows[0]?.id ?? null;
  }
}
