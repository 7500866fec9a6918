import type { ChargerEvent, ComplianceEvent } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import {
  capabilitiesFor,
  emptyLedger,
  evolveLedger,
  sameProfile,
  type ProfileLedger,
} from '@chargeplane/smart-charging-domain';
import { chargerProfileViews } from '../charger-profiles/charger-profile-views.js';
import { decidePolicy } from '../policy/decide-policy.js';
import { evolvePolicy } from '../policy/evolve-policy.js';
import { initialPolicyState, type PolicyState } from '../policy/policy-state.js';
import {
  aDailyProfile,
  DAY,
  deviceDelayChecked,
  evaluate,
  iso,
  MINUTE,
  platformMode,
  policyCreated,
  T0,
} from '../test-builders.js';
import { planDeviceDelay } from './plan-device-delay.js';
import type { PlanOptions } from './plan-types.js';

const options: PlanOptions = {
  offPeakGraceSeconds: 600,
  offPeakAllowLimitA: 32,
  offPeakHorizonDays: 7,
  offPeakLeadSeconds: 12 * 3600,
  retrySeconds: 900,
  refusedRetrySeconds: 86_400,
};
const cpoProfile = aDailyProfile();

/** Platform mode, the zappi's own delay on (600 s), and the CPO's profile drawn and handed out with a platform delay. */
const given: ComplianceEvent[] = [policyCreated(), deviceDelayChecked('600', true, T0 - DAY), ...platformMode()];
const drawn = evaluate(cpoProfile, { fresh: true });
const before = given.reduce(evolvePolicy, initialPolicyState());
const policy: PolicyState = decidePolicy(drawn, before).reduce(evolvePolicy, before);
const delivered = policy.applied[cpoProfile.chargingProfileId]!.delivered;

/** The charger stream, folded by the one profile ledger every reader uses. */
const ev = (type: ChargerEvent['type'], at: number, data: unknown) =>
  ({ type, schemaVersion: 1, occurredAt: iso(at), data }) as ChargerEvent;
const desired = (p: ChargingProfile, at: number) =>
  ev('ChargingProfileDesired', at, { connectorId: 1, chargingProfile: p });
const dispatched = (writeId: string, p: ChargingProfile, at: number) =>
  ev('ChargingProfileWriteDispatched', at, {
    writeId,
    chargingProfileId: p.chargingProfileId,
    action: 'SetChargingProfile',
    request: { connectorId: 1, csChargingProfiles: p },
  });
const accepted = (writeId: string, p: ChargingProfile, at: number) =>
  ev('ChargingProfileAccepted', at, {
    writeId,
    chargingProfileId: p.chargingProfileId,
    connectorId: 1,
    chargingProfile: p,
  });
const timedOut = (writeId: string, p: ChargingProfile, at: number) =>
  ev('ChargingProfileWriteFailed', at, {
    writeId,
    chargingProfileId: p.chargingProfileId,
    failure: 'timeout',
    code: 'Timeout',
    description: 'no answer within the call timeout',
    outcomeKnown: false,
  });
const ledgerOf = (events: ChargerEvent[]): ProfileLedger =>
  events.reduce((l, e) => evolveLedger(l, e, capabilitiesFor('zappi', {})), emptyLedger());

/** The delayed profile desired, written and accepted: the charger holds it. */
const deliveredAndAccepted = [
  desired(delivered, T0),
  dispatched('w1', delivered, T0 + 1000),
  accepted('w1', delivered, T0 + 2000),
];
/** The same content, as a new object with its keys in another order, desired again. */
const sameContent = Object.fromEntries(Object.entries(delivered).reverse()) as ChargingProfile;

const plan = (ledger: ProfileLedger, now: number) =>
  planDeviceDelay(policy, chargerProfileViews(ledger), now, options).actions;

describe("GB platform mode: the zappi's own delay goes to 0 only while the charger holds the delayed profile", () => {
  describe('given the charger accepted the delayed profile', () => {
    const ledger = ledgerOf(deliveredAndAccepted);

    it('then the platform delay is in force and RandomSmartChargeDelay is set to 0', () => {
      expect(plan(ledger, T0 + MINUTE)).toEqual([
        { kind: 'set-device-delay', value: '0', valueSource: 'platform-delay', reason: 'platform-delay-active' },
      ]);
    });
  });

  describe('given the same content was written again and that write timed out (outcome unknown, L8)', () => {
    const ledger = ledgerOf([
      ...deliveredAndAccepted,
      desired(sameContent, T0 + 10_000),
      dispatched('w2', sameContent, T0 + 11_000),
      timedOut('w2', sameContent, T0 + 41_000),
    ]);
    const [view] = chargerProfileViews(ledger);

    it('shows the desired profile equal to the confirmed one, yet not in sync: the ledger says so', () => {
      expect(view!.desired).not.toBeNull();
      expect(view!.confirmed).not.toBeNull();
      expect(sameProfile(view!.desired!, view!.confirmed!)).toBe(true);
      expect(view!.inSync).toBe(false);
    });

    it('when compliance plans, then the delay does not count as in force: the key is left on', () => {
      expect(plan(ledger, T0 + MINUTE)).toEqual([]);
    });

    it('and once a later write of it is accepted, the key goes to 0', () => {
      const settled = ledgerOf([
        ...deliveredAndAccepted,
        desired(sameContent, T0 + 10_000),
        dispatched('w2', sameContent, T0 + 11_000),
        timedOut('w2', sameContent, T0 + 41_000),
        dispatched('w3', sameContent, T0 + 80_000),
        accepted('w3', sameContent, T0 + 81_000),
      ]);
      expect(plan(settled, T0 + 2 * MINUTE)).toMatchObject([{ kind: 'set-device-delay', value: '0' }]);
    });
  });
});
