import type { ChargerEvent, EventOf } from '../charger/index.js';
import { parseChargerEvent } from '../charger/upcast.js';
import type { EventEnvelope } from '../envelope.js';
import { PublicChargerEvent } from './public-charger-event.js';

type DataOf<T extends PublicChargerEvent['type']> = Extract<PublicChargerEvent, { type: T }>['data'];

// One pure mapping per type, field by field: an internal field added later is not published by accident,
// and an internal change that cannot be mapped fails here (validated below) instead of reaching consumers.
const registered = ({ data: d }: EventOf<'ChargerRegistered'>): DataOf<'ChargerRegistered'> => ({
  tenantId: d.tenantId,
  model: d.model,
  jurisdiction: d.jurisdiction,
  tags: d.tags,
});
const booted = ({ data: d }: EventOf<'ChargerBooted'>): DataOf<'ChargerBooted'> => ({
  chargePointVendor: d.chargePointVendor,
  chargePointModel: d.chargePointModel,
  firmwareVersion: d.firmwareVersion,
  chargePointSerialNumber: d.chargePointSerialNumber,
});
const connected = ({ data: d }: EventOf<'ChargerConnected'>): DataOf<'ChargerConnected'> => ({
  edgeId: d.edgeId,
  connectionId: d.connectionId,
});
const disconnected = ({ data: d }: EventOf<'ChargerDisconnected'>): DataOf<'ChargerDisconnected'> => ({
  edgeId: d.edgeId,
  connectionId: d.connectionId,
  reason: d.reason,
});
/** Configuration keys whose values are secrets (OCPP 1.6 security: the Basic-auth password). */
const secretKeys = new Set(['AuthorizationKey']);
const shown = (key: string, value: string) => (secretKeys.has(key) ? '(redacted)' : value);

const configuration = ({
  data: d,
}: EventOf<'ChargerConfigurationReported'>): DataOf<'ChargerConfigurationReported'> => ({
  values: Object.fromEntries(Object.entries(d.values).map(([k, v]) => [k, shown(k, v)])),
  unknownKeys: d.unknownKeys,
});
const configurationDesired = ({
  data: d,
}: EventOf<'ChargerConfigurationDesired'>): DataOf<'ChargerConfigurationDesired'> => ({
  key: d.key,
  value: shown(d.key, d.value),
  reason: d.reason,
});
const configurationDispatched = ({
  data: d,
}: EventOf<'ChargerConfigurationWriteDispatched'>): DataOf<'ChargerConfigurationWriteDispatched'> => ({
  writeId: d.writeId,
  key: d.key,
  value: shown(d.key, d.value),
  countsAsWrite: d.countsAsWrite,
});
const configurationChanged = ({
  data: d,
}: EventOf<'ChargerConfigurationChanged'>): DataOf<'ChargerConfigurationChanged'> => ({
  writeId: d.writeId,
  key: d.key,
  value: shown(d.key, d.value),
  status: d.status,
});
/**
 * `not-sent` is published in the v1 shape as what it is to an integrator: nothing reached the charger and the outcome
 * is known, as for `offline`; its code (NOT_SENT) and description tell the two apart.
 */
const publicFailure = (failure: 'call-error' | 'timeout' | 'offline' | 'not-sent') =>
  failure === 'not-sent' ? 'offline' : failure;
const configurationFailed = ({
  data: d,
}: EventOf<'ChargerConfigurationWriteFailed'>): DataOf<'ChargerConfigurationWriteFailed'> => ({
  writeId: d.writeId,
  key: d.key,
  failure: publicFailure(d.failure),
  code: d.code,
  description: d.description,
});
const txStarted = ({ data: d }: EventOf<'TransactionStarted'>): DataOf<'TransactionStarted'> => ({
  connectorId: d.connectorId,
  transactionId: d.transactionId,
  idTag: d.idTag,
  meterStartWh: d.meterStartWh,
  startedAt: d.startedAt,
});
const txStopped = ({ data: d }: EventOf<'TransactionStopped'>): DataOf<'TransactionStopped'> => ({
  transactionId: d.transactionId,
  meterStopWh: d.meterStopWh,
  stoppedAt: d.stoppedAt,
  reason: d.reason,
});
const desired = ({ data: d }: EventOf<'ChargingProfileDesired'>): DataOf<'ChargingProfileDesired'> => ({
  connectorId: d.connectorId,
  chargingProfile: d.chargingProfile,
});
const removalDesired = ({
  data: d,
}: EventOf<'ChargingProfileRemovalDesired'>): DataOf<'ChargingProfileRemovalDesired'> => ({
  chargingProfileId: d.chargingProfileId,
});
const refused = ({ data: d }: EventOf<'ChargingProfileRefused'>): DataOf<'ChargingProfileRefused'> => ({
  chargingProfileId: d.chargingProfileId,
  code: d.code,
  message: d.message,
  details: d.details,
});
const dispatched = ({
  data: d,
}: EventOf<'ChargingProfileWriteDispatched'>): DataOf<'ChargingProfileWriteDispatched'> =>
  d.action === 'SetChargingProfile'
    ? { writeId: d.writeId, chargingProfileId: d.chargingProfileId, action: d.action, request: d.request }
    : { writeId: d.writeId, chargingProfileId: d.chargingProfileId, action: d.action, request: d.request };
const deferred = ({ data: d }: EventOf<'ChargingProfileWriteDeferred'>): DataOf<'ChargingProfileWriteDeferred'> => ({
  chargingProfileIds: d.chargingProfileIds,
  reason: d.reason,
  until: d.until,
  ...(d.detail !== undefined ? { detail: d.detail } : {}),
});
const accepted = ({ data: d }: EventOf<'ChargingProfileAccepted'>): DataOf<'ChargingProfileAccepted'> => ({
  writeId: d.writeId,
  chargingProfileId: d.chargingProfileId,
  connectorId: d.connectorId,
  chargingProfile: d.chargingProfile,
});
const cleared = ({ data: d }: EventOf<'ChargingProfileCleared'>): DataOf<'ChargingProfileCleared'> => ({
  writeId: d.writeId,
  chargingProfileId: d.chargingProfileId,
  status: d.status,
});
const rejected = ({
  data: d,
}: EventOf<'ChargingProfileRejectedByCharger'>): DataOf<'ChargingProfileRejectedByCharger'> => ({
  writeId: d.writeId,
  chargingProfileId: d.chargingProfileId,
  status: d.status,
  ...(d.retryAt !== undefined ? { retryAt: d.retryAt } : {}),
});
const failed = ({ data: d }: EventOf<'ChargingProfileWriteFailed'>): DataOf<'ChargingProfileWriteFailed'> => ({
  writeId: d.writeId,
  chargingProfileId: d.chargingProfileId,
  failure: publicFailure(d.failure),
  code: d.code,
  description: d.description,
  outcomeKnown: d.outcomeKnown,
});

/** Internal charger events that have no public form: the bridge and replays pass over them. */
const INTERNAL_ONLY: ReadonlySet<string> = new Set<ChargerEvent['type']>(['ChargerCredentialsRehashed']);

/** Whether a stored charger event is ever published (its public form is `toPublicChargerEvent`). */
export function isPublishedChargerEvent(envelope: Pick<EventEnvelope, 'type'>): boolean {
  return !INTERNAL_ONLY.has(envelope.type);
}

/** Public type, version and data of one internal charger event. */
function publicPart(event: Exclude<ChargerEvent, EventOf<'ChargerCredentialsRehashed'>>): {
  type: PublicChargerEvent['type'];
  schemaVersion: number;
  data: unknown;
} {
  const v1 = (data: unknown) => ({ type: event.type, schemaVersion: 1, data });
  switch (event.type) {
    case 'ChargerRegistered':
      return v1(registered(event));
    case 'ChargerBooted':
      return v1(booted(event));
    case 'ChargerConnected':
      return v1(connected(event));
    case 'ChargerDisconnected':
      return v1(disconnected(event));
    case 'ChargerConfigurationReported':
      return v1(configuration(event));
    case 'TransactionStarted':
      return v1(txStarted(event));
    case 'TransactionStopped':
      return v1(txStopped(event));
    case 'ChargingProfileDesired':
      return v1(desired(event));
    case 'ChargingProfileRemovalDesired':
      return v1(removalDesired(event));
    case 'ChargingProfileRefused':
      return v1(refused(event));
    case 'ChargingProfileWriteDispatched':
      return v1(dispatched(event));
    case 'ChargingProfileWriteDeferred':
      return v1(deferred(event));
    case 'ChargingProfileAccepted':
      return v1(accepted(event));
    case 'ChargingProfileCleared':
      return v1(cleared(event));
    case 'ChargingProfileRejectedByCharger':
      return v1(rejected(event));
    case 'ChargingProfileWriteFailed':
      return v1(failed(event));
    case 'ChargerConfigurationDesired':
      return v1(configurationDesired(event));
    case 'ChargerConfigurationWriteDispatched':
      return v1(configurationDispatched(event));
    case 'ChargerConfigurationChanged':
      return v1(configurationChanged(event));
    case 'ChargerConfigurationWriteFailed':
      return v1(configurationFailed(event));
    default: {
      const unknownType: never = event;
      throw new Error(`no public mapping for ${JSON.stringify(unknownType)}`);
    }
  }
}

/**
 * Maps a stored charger event to its public form: the internal event is parsed with its own schema, mapped
 * field by field, and the result parsed with the public schema (a malformed event is an error, never a record).
 */
export function toPublicChargerEvent(envelope: EventEnvelope): PublicChargerEvent {
  const event = parseChargerEvent(envelope);
  if (event.type === 'ChargerCredentialsRehashed') {
    throw new Error(`${event.type} is internal and never published (see isPublishedChargerEvent)`);
  }
  return PublicChargerEvent.parse({
    id: envelope.id,
    ...publicPart(event),
    tenantId: envelope.tenantId,
    chargerId: envelope.chargerId,
    occurredAt: envelope.occurredAt,
    recordedAt: envelope.recordedAt,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
  });
}
