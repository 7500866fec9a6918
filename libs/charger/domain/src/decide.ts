import { NotFoundError } from '@chargeplane/contracts-api';
import type { ChargerCommand } from './commands/commands.js';
import { eventAt } from './commands/event.js';
import { recordLateAnswer } from './commands/record-late-answer.js';
import {
  recordBoot,
  recordConfiguration,
  recordConnected,
  recordDisconnected,
  recordTransactionStarted,
  recordTransactionStopped,
} from './commands/record-device-facts.js';
import { recordWriteOutcome } from './commands/record-write-outcome.js';
import { reconcile } from './commands/reconcile.js';
import { registerCharger, rehashCredentials } from './commands/register-charger.js';
import { removeDesiredProfile } from './commands/remove-desired-profile.js';
import { setDesiredConfiguration } from './commands/set-desired-configuration.js';
import { setDesiredProfile } from './commands/set-desired-profile.js';
import type { ChargerEvent } from './events.js';
import { evolve } from './evolve.js';
import { pendingWhileOffline, planNextWrite } from './planner/plan-next-write.js';
import type { ChargerState } from './state.js';

/**
 * The charger aggregate's decider: the events a command produces, then whatever write the new state calls for
 * (dispatch within budget, or a deferral). The command's events are folded once and the planner runs once on
 * the result. Expected refusals are events; a broken invariant (unknown charger, duplicate registration)
 * throws before any event is built.
 */
export function decide(command: ChargerCommand, state: ChargerState): ChargerEvent[] {
  if (command.type !== 'RegisterCharger' && !state.registered) throw new NotFoundError('charger is not registered');
  const events = decideCommand(command, state);
  const after = events.reduce(evolve, state);
  const next = after.connected
    ? planNextWrite(after, command.now, command.writeId)
    : awaitingConnection(events, after, command.now);
  return [...events, ...next];
}

/** One function per command; the `never` check makes a new command a compile error until it is handled here. */
function decideCommand(c: ChargerCommand, state: ChargerState): ChargerEvent[] {
  switch (c.type) {
    case 'RegisterCharger':
      return registerCharger(c, state);
    case 'RehashCredentials':
      return rehashCredentials(c, state);
    case 'SetDesiredProfile':
      return setDesiredProfile(c, state);
    case 'RemoveDesiredProfile':
      return removeDesiredProfile(c, state);
    case 'RecordBoot':
      return recordBoot(c);
    case 'RecordConnected':
      return recordConnected(c, state);
    case 'RecordDisconnected':
      return recordDisconnected(c, state);
    case 'RecordConfiguration':
      return recordConfiguration(c);
    case 'RecordTransactionStarted':
      return recordTransactionStarted(c);
    case 'RecordTransactionStopped':
      return recordTransactionStopped(c);
    case 'SetDesiredConfiguration':
      return setDesiredConfiguration(c, state);
    case 'RecordWriteOutcome':
      return recordWriteOutcome(state, c.forWriteId, c.outcome, c.now, c.carried);
    case 'RecordLateAnswer':
      return recordLateAnswer(c, state);
    case 'Reconcile':
      return reconcile(c, state);
    default: {
      const unhandled: never = c;
      throw new Error(`no decision for command ${JSON.stringify(unhandled)}`);
    }
  }
}

/** While the charger is offline, say once per change of desired state that its write waits for the connection. */
function awaitingConnection(events: readonly ChargerEvent[], after: ChargerState, now: number): ChargerEvent[] {
  const changed = events.some((e) => e.type === 'ChargingProfileDesired' || e.type === 'ChargingProfileRemovalDesired');
  const ids = changed ? pendingWhileOffline(after, now) : [];
  if (ids.length === 0) return [];
  return [
    eventAt(now)('ChargingProfileWriteDeferred', {
      chargingProfileIds: ids,
      reason: 'awaiting-connection',
      until: null,
    }),
  ];
}
