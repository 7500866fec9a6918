import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { ChargerEvent } from './events.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import { aReadyZappi, confirmedEarlier, desired, dispatched, writeId } from './test-builders.js';

/** The charger state the given events fold to (what decide sees after them). */
export const stateOf = (events: ChargerEvent[]) => events.reduce(evolve, initialState());

/** A command's time and the id its write would get. */
export const commandAt = (now: number, id = 9) => ({ now, writeId: writeId(id) });

/** A ready zappi holding `confirmed` (written at T0) while `sending` is on its way, dispatched at `sentAt`. */
export const writeInFlight = (confirmed: ChargingProfile, sending: ChargingProfile, sentAt: number): ChargerEvent[] => [
  ...aReadyZappi(),
  ...confirmedEarlier(confirmed, writeId(0)),
  desired(sending, sentAt),
  dispatched(writeId(1), sending, sentAt),
];
