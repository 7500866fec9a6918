import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { DeviceModel } from '@chargeplane/smart-charging-domain';

/** Every command carries its time (`now`, ms) and the id for a write it may dispatch: the decider is pure. */
interface Base {
  now: number;
  writeId: string;
}

export type ChargerCommand =
  | (Base & {
      type: 'RegisterCharger';
      tenantId: string;
      model: DeviceModel;
      jurisdiction: 'GB' | null;
      tags: string[];
      credentialsHash: string;
    })
  | (Base & { type: 'RehashCredentials'; previousHash: string; credentialsHash: string })
  | (Base & { type: 'SetDesiredProfile'; connectorId: number; chargingProfile: ChargingProfile })
  | (Base & { type: 'RemoveDesiredProfile'; chargingProfileId: number })
  | (Base & {
      type: 'RecordBoot';
      chargePointVendor: string;
      chargePointModel: string;
      firmwareVersion: string | null;
      chargePointSerialNumber: string | null;
    })
  | (Base & { type: 'RecordConnected'; edgeId: string; connectionId: string })
  | (Base & { type: 'RecordDisconnected'; edgeId: string; connectionId: string; reason: string })
  | (Base & {
      type: 'RecordConfiguration';
      values: Record<string, string>;
      unknownKeys: string[];
      /** The read got no usable answer (then `values` is empty). */
      readFailure?: { failure: 'timeout' | 'call-error' | 'unreadable'; description: string };
    })
  | (Base & {
      type: 'RecordTransactionStarted';
      connectorId: number;
      transactionId: number;
      idTag: string;
      meterStartWh: number;
      startedAt: string;
    })
  | (Base & {
      type: 'RecordTransactionStopped';
      transactionId: number;
      meterStopWh: number;
      stoppedAt: string;
      reason: string | null;
    })
  | (Base & {
      type: 'RecordWriteOutcome';
      forWriteId: string;
      outcome: WriteOutcome;
      /** What the answered profile write carried: an answer that comes after the aggregate settled it is told by it. */
      carried?: WriteCarried;
    })
  | (Base & { type: 'RecordLateAnswer'; answer: LateAnswer })
  | (Base & { type: 'SetDesiredConfiguration'; key: string; value: string; reason: string })
  | (Base & { type: 'Reconcile' });

export type CommandOf<T extends ChargerCommand['type']> = Extract<ChargerCommand, { type: T }>;

/**
 * What came back for a dispatched write. `not-sent`: the edge could not put it on the wire before its send deadline
 * (queued behind other calls), so nothing reached the charger and it leaves the budget window. `sentAt` (ms): when
 * the edge put it on the wire, as it reported.
 */
export type WriteOutcome =
  | { kind: 'result'; status: 'Accepted' | 'Rejected' | 'NotSupported' | 'Unknown' | 'RebootRequired'; sentAt?: number }
  | { kind: 'call-error'; code: string; description: string; sentAt?: number }
  | { kind: 'timeout'; sentAt?: number }
  | { kind: 'offline' }
  | { kind: 'not-sent' };

/** What a profile write carried: its action and request. */
export type WriteCarried =
  | { action: 'SetChargingProfile'; request: { connectorId: number; csChargingProfiles: ChargingProfile } }
  | { action: 'ClearChargingProfile'; request: Record<string, unknown> };

/**
 * A CALLRESULT that arrived after its call had timed out (the edge reports it as a late fact): which write it
 * answers is told by what it carried, since the edge's message id is not the platform's write id (L11).
 */
export type LateAnswer = WriteCarried & { status: string };
