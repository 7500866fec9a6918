/**
 * The charger stream (`events.charger.{id}` on JetStream, `charger-{id}` in the store): written only by the
 * charger aggregate, read by the twin, compliance and the Kafka bridge. Type strings are permanent.
 */
import { z } from 'zod';
import * as configuration from './configuration.events.js';
import * as profile from './profile.events.js';
import * as charger from './charger.events.js';

export * from './configuration.events.js';
export * from './profile.events.js';
export * from './charger.events.js';

/** Every private event of a charger's stream. Type strings are permanent (docs/style.md §4). */
export const ChargerEvent = z.discriminatedUnion('type', [
  charger.ChargerRegistered,
  charger.ChargerCredentialsRehashed,
  charger.ChargerBooted,
  charger.ChargerConnected,
  charger.ChargerDisconnected,
  charger.ChargerConfigurationReported,
  charger.TransactionStarted,
  charger.TransactionStopped,
  profile.ChargingProfileDesired,
  profile.ChargingProfileRemovalDesired,
  profile.ChargingProfileRefused,
  profile.ChargingProfileWriteDispatched,
  profile.ChargingProfileWriteDeferred,
  profile.ChargingProfileAccepted,
  profile.ChargingProfileCleared,
  profile.ChargingProfileRejectedByCharger,
  profile.ChargingProfileWriteFailed,
  configuration.ChargerConfigurationDesired,
  configuration.ChargerConfigurationWriteDispatched,
  configuration.ChargerConfigurationChanged,
  configuration.ChargerConfigurationWriteFailed,
]);
export type ChargerEvent = z.infer<typeof ChargerEvent>;
export type ChargerEventType = ChargerEvent['type'];
export type EventOf<T extends ChargerEventType> = Extract<ChargerEvent, { type: T }>;
