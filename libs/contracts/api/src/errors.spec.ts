import { ErrorCode, httpStatusOf, ProfileRefusalCode, ProfileRefusedError } from './errors.js';

describe('Error codes and their HTTP status', () => {
  it('given any refusal code, when mapped, then 422, and every refusal code is an error code', () => {
    for (const code of ProfileRefusalCode.options) {
      expect(httpStatusOf(code)).toBe(422);
      expect(ErrorCode.safeParse(code).success).toBe(true);
    }
  });

  it('given the general codes, when mapped, then their own status', () => {
    expect(httpStatusOf('PRECONDITION_FAILED')).toBe(412);
    expect(httpStatusOf('NOT_FOUND')).toBe(404);
    expect(httpStatusOf('PROFILE_REFUSED')).toBe(422);
    expect(httpStatusOf('UNAVAILABLE')).toBe(503);
  });

  it('given a refusal, when raised, then its code is the specific one and details.reason repeats it', () => {
    const error = new ProfileRefusedError('SLOTS_EXCEEDED', 'no free slot', { used: 84 });
    expect(error).toMatchObject({ code: 'SLOTS_EXCEEDED', details: { used: 84, reason: 'SLOTS_EXCEEDED' } });
  });
});
