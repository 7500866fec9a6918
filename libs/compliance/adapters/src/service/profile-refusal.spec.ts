import { RequestError } from '@chargeplane/platform-messaging';
import { refusalOf } from './profile-refusal.js';

const subject = 'charger.profile.desired';

describe("profile-command's refusal, as compliance-gb reads it", () => {
  it('given the specific code at the top level, when read, then that code is the refusal', () => {
    const error = new RequestError(subject, 'COMMERCIAL_MODE_OFF', 'commercial mode is off', {
      reason: 'COMMERCIAL_MODE_OFF',
    });
    expect(refusalOf(error)).toEqual({ code: 'COMMERCIAL_MODE_OFF', message: error.message });
  });

  it('given an earlier version’s PROFILE_REFUSED with details.reason, when read, then the reason is the refusal', () => {
    const error = new RequestError(subject, 'PROFILE_REFUSED', 'too many', { reason: 'TOO_MANY_PERIODS' });
    expect(refusalOf(error)).toEqual({ code: 'TOO_MANY_PERIODS', message: error.message });
  });

  it('given another error (no answer, a precondition), when read, then it is no refusal', () => {
    expect(refusalOf(new RequestError(subject, 'TIMEOUT', 'no answer'))).toBeNull();
    expect(refusalOf(new RequestError(subject, 'PRECONDITION_FAILED', 'changed'))).toBeNull();
    expect(refusalOf(new Error('boom'))).toBeNull();
  });
});
