import { callErrorFrame, callFrame, callResultFrame, parseInboundFrame } from './ocpp-frames.js';
import { validateCsCall } from './payload-validation.js';

describe('OCPP-J frames', () => {
  it('round-trips the three frame types', () => {
    expect(parseInboundFrame(callFrame('a1', 'Reset', { type: 'Soft' }))).toEqual({
      kind: 'call',
      messageId: 'a1',
      action: 'Reset',
      payload: { type: 'Soft' },
    });
    expect(parseInboundFrame(callResultFrame('a2', { status: 'Accepted' }))).toEqual({
      kind: 'callResult',
      messageId: 'a2',
      payload: { status: 'Accepted' },
    });
    expect(JSON.parse(callErrorFrame('a3', 'NotImplemented', 'no'))).toEqual([4, 'a3', 'NotImplemented', 'no', {}]);
  });

  it('keeps the id of a malformed CALL so it can be answered with a CALLERROR', () => {
    expect(parseInboundFrame('[2,"x1","Reset"]')).toEqual({
      kind: 'invalid',
      reason: 'malformed CALL',
      callMessageId: 'x1',
    });
    expect(parseInboundFrame('{"not":"an array"}')).toMatchObject({ kind: 'invalid' });
    expect(parseInboundFrame('[9,"x"]')).toMatchObject({ kind: 'invalid' });
    expect(parseInboundFrame('not json')).toMatchObject({ kind: 'invalid' });
  });
});

describe('CS call validation', () => {
  it('passes a valid payload through, typed by its action', () => {
    const valid = validateCsCall('ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' });
    expect(valid).toEqual({
      ok: true,
      value: { action: 'ChangeConfiguration', payload: { key: 'HeartbeatInterval', value: '60' } },
    });
  });

  it.each([
    ['an unknown action', 'NotImplemented', 'Teleport', {}],
    ['a charger-side action', 'NotImplemented', 'BootNotification', {}],
    ['a missing required field', 'OccurenceConstraintViolation', 'ChangeConfiguration', { key: 'A' }],
    ['a wrong type', 'TypeConstraintViolation', 'Reset', { type: 1 }],
    ['a wrong type of number', 'TypeConstraintViolation', 'GetCompositeSchedule', { connectorId: 1.5, duration: 60 }],
    ['a value outside the enum', 'PropertyConstraintViolation', 'Reset', { type: 'Warm' }],
    ['an unknown property', 'FormationViolation', 'Reset', { type: 'Soft', extra: true }],
  ])('answers %s with %s', (_what, code, action, payload) => {
    const result = validateCsCall(action, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe(code);
  });
});
