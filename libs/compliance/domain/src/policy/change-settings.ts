import type { PutCompliancePolicyBody } from '@chargeplane/contracts-api';
import { ValidationError } from '@chargeplane/contracts-api';
import type { GbPolicySettings, OffPeakOwnerChoice } from '@chargeplane/contracts-events';

const normalised = (instant: string | undefined) =>
  instant === undefined ? null : new Date(Date.parse(instant)).toISOString();

function ownerChoice(
  current: OffPeakOwnerChoice | null,
  asked: PutCompliancePolicyBody['offPeakDefault']['ownerChoice'],
  actor: string,
  at: string,
): OffPeakOwnerChoice | null {
  if (asked === undefined) return current;
  if (asked === null) return null;
  const blockedWindows = asked.blockedWindows ?? null;
  const overrideUntil = normalised(asked.overrideUntil);
  const same =
    current !== null &&
    current.choice === asked.choice &&
    JSON.stringify(current.blockedWindows) === JSON.stringify(blockedWindows) &&
    current.overrideUntil === overrideUntil;
  if (same) return current;
  // Reg 10: at first use the owner accepts, changes or removes the default hours; overriding comes later.
  if (current === null && asked.choice === 'override')
    throw new ValidationError(
      'the owner can override the default hours only after first use (accept, change or remove first)',
    );
  return { choice: asked.choice, by: asked.by ?? actor, at, firstUse: current === null, blockedWindows, overrideUntil };
}

/**
 * The settings a PUT asks for, stamped: an override or owner choice that is new gets who and when; one
 * that is unchanged keeps its original stamp (a repeated PUT changes nothing).
 */
export function nextSettings(
  current: GbPolicySettings,
  body: PutCompliancePolicyBody,
  actor: string,
  nowMs: number,
): GbPolicySettings {
  if (body.dsrResponseActive && !body.dsrAgreement)
    throw new ValidationError('dsrResponseActive needs a DSR agreement (dsrAgreement: true)');
  const at = new Date(nowMs).toISOString();
  const asked = body.ownerOverride;
  const ownerOverride =
    asked === null
      ? null
      : current.ownerOverride?.scope === asked.scope
        ? current.ownerOverride
        : { scope: asked.scope, requestedBy: asked.requestedBy ?? actor, requestedAt: at };
  return {
    jurisdiction: 'GB',
    randomisedDelay: { mode: body.randomisedDelay.mode, maxDelaySeconds: body.randomisedDelay.maxDelaySeconds },
    ownerOverride,
    dsrAgreement: body.dsrAgreement,
    dsrResponseActive: body.dsrResponseActive,
    offPeakDefault: {
      enabled: body.offPeakDefault.enabled,
      ownerChoice: ownerChoice(current.offPeakDefault.ownerChoice, body.offPeakDefault.ownerChoice, actor, at),
    },
  };
}

/** Which settings differ, by path (recorded with the change). */
export function changedPaths(before: GbPolicySettings, after: GbPolicySettings): string[] {
  const paths: [string, (s: GbPolicySettings) => unknown][] = [
    ['randomisedDelay.mode', (s) => s.randomisedDelay.mode],
    ['randomisedDelay.maxDelaySeconds', (s) => s.randomisedDelay.maxDelaySeconds],
    ['ownerOverride', (s) => s.ownerOverride],
    ['dsrAgreement', (s) => s.dsrAgreement],
    ['dsrResponseActive', (s) => s.dsrResponseActive],
    ['offPeakDefault.enabled', (s) => s.offPeakDefault.enabled],
    ['offPeakDefault.ownerChoice', (s) => s.offPeakDefault.ownerChoice],
  ];
  return paths.filter(([, read]) => JSON.stringify(read(before)) !== JSON.stringify(read(after))).map(([path]) => path);
}
