import { ChargerEvent } from './index.js';

/** A charger event as the store (or the wire) holds it: its type, the schema version it was written with, its data. */
export interface StoredChargerEvent {
  type: string;
  schemaVersion: number;
  occurredAt: string;
  data: unknown;
}

/** Turns the data of one schema version into the data of the next (`schemaVersion + 1`). */
export type Upcaster = (data: unknown) => unknown;

/** For each event type, the upcaster from each older schema version to the next one. */
export type UpcasterTable = Readonly<Record<string, Readonly<Record<number, Upcaster>>>>;

/**
 * The charger stream's upcasters. Every charger event is still at schema version 1, so the table is empty; a
 * version 2 of an event adds `{ [type]: { 1: (v1Data) => v2Data } }` here, and every reader sees version 2.
 */
export const chargerUpcasters: UpcasterTable = {};

/** A parser of stored charger events with the given upcasters (the table is a parameter so it can be tested). */
export function chargerEventParser(upcasters: UpcasterTable): (stored: StoredChargerEvent) => ChargerEvent {
  return (stored) => {
    let { schemaVersion, data } = stored;
    for (let step = upcasters[stored.type]?.[schemaVersion]; step; step = upcasters[stored.type]?.[schemaVersion]) {
      data = step(data);
      schemaVersion += 1;
    }
    return ChargerEvent.parse({ type: stored.type, schemaVersion, occurredAt: stored.occurredAt, data });
  };
}

/**
 * The one way to read a stored charger event: older schema versions are upcast to the current one, then the
 * result is parsed with the event's own schema (the store's JSON is a boundary). The charger repository, the
 * twin, compliance and the public mapper all read through it.
 */
export const parseChargerEvent: (stored: StoredChargerEvent) => ChargerEvent = chargerEventParser(chargerUpcasters);
