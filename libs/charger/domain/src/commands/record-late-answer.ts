import { sameInstalled, type ClearFilter } from '@chargeplane/smart-charging-domain';
import type { ChargerEvent } from '../events.js';
import type { ChargerState } from '../state.js';
import type { CommandOf, LateAnswer } from './commands.js';
import { eventAt } from './event.js';

/**
 * L11: a CALLRESULT that arrived after its write timed out. When it answers the last timed-out write (the same
 * content, nothing sent since that could have changed it) and says the charger stored it, the unknown outcome
 * is settled: the content is confirmed on the charger, and no resend goes out. It confirms what the charger holds,
 * never what the CPO wants: content the CPO has since replaced is confirmed, and the newer content still goes out.
 * Any other late answer changes nothing (the resend settles the outcome).
 */
export function recordLateAnswer(c: CommandOf<'RecordLateAnswer'>, state: ChargerState): ChargerEvent[] {
  return lateAnswerEvents(c.answer, state, c.now);
}

/** L11 for any late answer, told by what the answered write carried (the edge's late report or the write's own). */
export function lateAnswerEvents(answer: LateAnswer, state: ChargerState, now: number): ChargerEvent[] {
  const late = state.lastTimedOut;
  if (!late || answer.action !== late.action || answer.status !== 'Accepted') return [];
  if (answer.action === 'SetChargingProfile') {
    const carried = { connectorId: answer.request.connectorId, profile: answer.request.csChargingProfiles };
    return late.sent && sameInstalled(late.sent, carried) ? timedOutAccepted(state, now) : [];
  }
  return sameFilter(late.clear, answer.request) ? timedOutAccepted(state, now) : [];
}

/**
 * L11: the charger accepted the last timed-out write after the platform had given up on it — reported late by the
 * edge, or answered to the write's own request once the aggregate had already settled it as timed out (its
 * outstanding write outlived the aggregate's clock). Either way the same answer, the same events.
 */
export function timedOutAccepted(state: ChargerState, now: number): ChargerEvent[] {
  const late = state.lastTimedOut;
  if (!late) return [];
  const event = eventAt(now);
  const base = { writeId: late.writeId, chargingProfileId: late.chargingProfileId };
  if (late.action === 'SetChargingProfile')
    return late.sent
      ? [
          event('ChargingProfileAccepted', {
            ...base,
            connectorId: late.sent.connectorId,
            chargingProfile: late.sent.profile,
          }),
        ]
      : [];
  return [event('ChargingProfileCleared', { ...base, status: 'Accepted' })];
}

const sameFilter = (a: ClearFilter | null, b: Record<string, unknown>) =>
  a !== null && JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
