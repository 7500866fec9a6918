import type { ChargerEvent } from '../events.js';

type DataOf<T extends ChargerEvent['type']> = Extract<ChargerEvent, { type: T }>['data'];

/** Builds a charger event at the command's time (schema version 1: the current version of every charger event). */
export const eventAt =
  (now: number) =>
  <T extends ChargerEvent['type']>(type: T, data: DataOf<T>): ChargerEvent =>
    ({ type, schemaVersion: 1, occurredAt: new Date(now).toISOString(), data }) as ChargerEvent;
