import { NotFoundError, ValidationError } from '@chargeplane/contracts-api';
import { deciderSpec } from '@chargeplane/platform-testing';
import { changePolicy, event, platformMode, policyCreated, T0 } from '../test-builders.js';
import { decidePolicy } from './decide-policy.js';
import { evolvePolicy } from './evolve-policy.js';
import { defaultGbSettings, initialPolicyState } from './policy-state.js';

const spec = deciderSpec({ decide: decidePolicy, evolve: evolvePolicy, initialState: initialPolicyState }, expect);
const created = policyCreated(T0);

describe('GB compliance policy', () => {
  describe('when a GB charger is registered', () => {
    it('creates its policy with the defaults: device mode, 600 s, no override, no DSR, off-peak default on', () => {
      const state = spec
        .given([])
        .when({ type: 'CreatePolicy', now: T0, tenantId: 'tenant-1', model: 'zappi' })
        .then([created]);
      expect(state.settings).toEqual({
        jurisdiction: 'GB',
        randomisedDelay: { mode: 'device', maxDelaySeconds: 600 },
        ownerOverride: null,
        dsrAgreement: false,
        dsrResponseActive: false,
        offPeakDefault: { enabled: true, ownerChoice: null },
      });
      expect(state.platformDelayActive).toBe(false);
    });

    it('creates it once, however often the registration is redelivered', () => {
      spec
        .given([created])
        .when({ type: 'CreatePolicy', now: T0 + 1, tenantId: 'tenant-1', model: 'zappi' })
        .then([]);
    });
  });

  describe('when the settings are changed remotely', () => {
    it('records the new settings, what changed and who changed it', () => {
      const settings = { ...defaultGbSettings(), randomisedDelay: { mode: 'device' as const, maxDelaySeconds: 1200 } };
      spec
        .given([created])
        .when(changePolicy({ randomisedDelay: { mode: 'device', maxDelaySeconds: 1200 } }, T0 + 1000, 'cpo-ops'))
        .then([
          event('CompliancePolicyChanged', T0 + 1000, {
            settings,
            changes: ['randomisedDelay.maxDelaySeconds'],
            changedBy: 'cpo-ops',
          }),
        ]);
    });

    it('changes nothing when the same settings are put again', () => {
      spec.given([created]).when(changePolicy()).then([]);
    });

    it('activates the platform delay at once on a switch to platform mode', () => {
      const state = spec
        .given([created])
        .when(changePolicy({ randomisedDelay: { mode: 'platform', maxDelaySeconds: 600 } }))
        .then(platformMode(T0));
      expect(state.platformDelayActive).toBe(true);
    });

    it('keeps delaying after a switch back to device mode until the charger reports its own delay on', () => {
      const state = spec
        .given([created, ...platformMode()])
        .when(changePolicy())
        .state();
      expect(state.settings.randomisedDelay.mode).toBe('device');
      expect(state.platformDelayActive).toBe(true);
    });

    it('stops delaying on a switch back when the charger already reports its own delay on', () => {
      const reading = event('DeviceDelayChecked', T0 - 1, {
        trigger: 'configuration-report',
        value: '600',
        keyUnknown: false,
        delayBy: 'platform',
        compliant: true,
      });
      const events = spec
        .given([created, ...platformMode(), reading])
        .when(changePolicy())
        .events();
      expect(events.map((e) => e.type)).toEqual(['CompliancePolicyChanged', 'PlatformDelayDeactivated']);
    });

    it('stamps an owner override with who asked and when, and keeps that stamp on a repeated PUT', () => {
      const ask = { ownerOverride: { scope: 'until-further-notice' as const, requestedBy: 'owner-7' } };
      const state = spec
        .given([created])
        .when(changePolicy(ask, T0), changePolicy(ask, T0 + 60_000))
        .state();
      expect(state.settings.ownerOverride).toEqual({
        scope: 'until-further-notice',
        requestedBy: 'owner-7',
        requestedAt: new Date(T0).toISOString(),
      });
    });

    it("records the owner's first-use choice and a later override of the default hours", () => {
      const state = spec
        .given([created])
        .when(
          changePolicy({ offPeakDefault: { enabled: true, ownerChoice: { choice: 'accept', by: 'owner-7' } } }, T0),
          changePolicy(
            {
              offPeakDefault: {
                enabled: true,
                ownerChoice: { choice: 'override', overrideUntil: '2026-11-25T18:00:00Z' },
              },
            },
            T0 + 1000,
            'owner-7',
          ),
        )
        .state();
      expect(state.settings.offPeakDefault.ownerChoice).toEqual({
        choice: 'override',
        by: 'owner-7',
        at: new Date(T0 + 1000).toISOString(),
        firstUse: false,
        blockedWindows: null,
        overrideUntil: '2026-11-25T18:00:00.000Z',
      });
    });

    it('refuses an override of the default hours at first use, and DSR response without a DSR agreement', () => {
      spec
        .given([created])
        .when(
          changePolicy({
            offPeakDefault: {
              enabled: true,
              ownerChoice: { choice: 'override', overrideUntil: '2026-11-25T18:00:00Z' },
            },
          }),
        )
        .thenThrows(ValidationError);
      spec
        .given([created])
        .when(changePolicy({ dsrResponseActive: true }))
        .thenThrows(ValidationError);
    });

    it('refuses to change a policy that does not exist (not a GB charger)', () => {
      spec.given([]).when(changePolicy()).thenThrows(NotFoundError);
    });
  });
});
