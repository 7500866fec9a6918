import { z } from 'zod';
import { ChargerConfigurationDesiredV1 } from './charger-configuration-desired.v1.js';
import { ChargerConfigurationWriteDispatchedV1 } from './charger-configuration-write-dispatched.v1.js';
import { ChargerConfigurationChangedV1 } from './charger-configuration-changed.v1.js';
import { ChargerConfigurationWriteFailedV1 } from './charger-configuration-write-failed.v1.js';
import { ChargerBootedV1 } from './charger-booted.v1.js';
import { ChargerConfigurationReportedV1 } from './charger-configuration-reported.v1.js';
import { ChargerConnectedV1 } from './charger-connected.v1.js';
import { ChargerDisconnectedV1 } from './charger-disconnected.v1.js';
import { ChargerRegisteredV1 } from './charger-registered.v1.js';
import { ChargingProfileAcceptedV1 } from './charging-profile-accepted.v1.js';
import { ChargingProfileClearedV1 } from './charging-profile-cleared.v1.js';
import { ChargingProfileDesiredV1 } from './charging-profile-desired.v1.js';
import { ChargingProfileRefusedV1 } from './charging-profile-refused.v1.js';
import { ChargingProfileRejectedByChargerV1 } from './charging-profile-rejected-by-charger.v1.js';
import { ChargingProfileRemovalDesiredV1 } from './charging-profile-removal-desired.v1.js';
import { ChargingProfileWriteDeferredV1 } from './charging-profile-write-deferred.v1.js';
import { ChargingProfileWriteDispatchedV1 } from './charging-profile-write-dispatched.v1.js';
import { ChargingProfileWriteFailedV1 } from './charging-profile-write-failed.v1.js';
import { TransactionStartedV1 } from './transaction-started.v1.js';
import { TransactionStoppedV1 } from './transaction-stopped.v1.js';

/** The current public version of every event on `chargeplane.charger-events.v1`. */
export const PublicChargerEvent = z.discriminatedUnion('type', [
  ChargerRegisteredV1,
  ChargerBootedV1,
  ChargerConnectedV1,
  ChargerDisconnectedV1,
  ChargerConfigurationReportedV1,
  TransactionStartedV1,
  TransactionStoppedV1,
  ChargingProfileDesiredV1,
  ChargingProfileRemovalDesiredV1,
  ChargingProfileRefusedV1,
  ChargingProfileWriteDispatchedV1,
  ChargingProfileWriteDeferredV1,
  ChargingProfileAcceptedV1,
  ChargingProfileClearedV1,
  ChargingProfileRejectedByChargerV1,
  ChargingProfileWriteFailedV1,
  ChargerConfigurationDesiredV1,
  ChargerConfigurationWriteDispatchedV1,
  ChargerConfigurationChangedV1,
  ChargerConfigurationWriteFailedV1,
]);
export type PublicChargerEvent = z.infer<typeof PublicChargerEvent>;
export type PublicChargerEventType = PublicChargerEvent['type'];
