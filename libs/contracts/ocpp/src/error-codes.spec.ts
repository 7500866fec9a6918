import { CallErrorCode, CallErrorCodes, normaliseInboundErrorCode } from './error-codes.js';

describe('OCPP-J 1.6 CallError codes', () => {
  it('spells the codes as 1.6 does', () => {
    expect(CallErrorCodes.FormationViolation).toBe('FormationViolation');
    expect(CallErrorCodes.OccurenceConstraintViolation).toBe('OccurenceConstraintViolation');
    expect(CallErrorCode.options).toHaveLength(10);
    expect(CallErrorCode.safeParse('FormatViolation').success).toBe(false);
    expect(CallErrorCode.safeParse('OccurrenceConstraintViolation').success).toBe(false);
  });

  describe('inbound tolerance', () => {
    it('keeps every 1.6 code as it is', () => {
      for (const code of CallErrorCode.options) expect(normaliseInboundErrorCode(code)).toBe(code);
    });

    it('maps the 2.0.1 spellings to the 1.6 ones', () => {
      expect(normaliseInboundErrorCode('FormatViolation')).toBe('FormationViolation');
      expect(normaliseInboundErrorCode('OccurrenceConstraintViolation')).toBe('OccurenceConstraintViolation');
    });

    it('maps unknown, differently cased and prototype-named codes to GenericError', () => {
      expect(normaliseInboundErrorCode('RpcFrameworkError')).toBe('GenericError');
      expect(normaliseInboundErrorCode('formationviolation')).toBe('GenericError');
      expect(normaliseInboundErrorCode('')).toBe('GenericError');
      expect(normaliseInboundErrorCode('toString')).toBe('GenericError');
      expect(normaliseInboundErrorCode('__proto__')).toBe('GenericError');
    });
  });
});
