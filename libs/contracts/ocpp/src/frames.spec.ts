import { CallErrorFrame, CallFrame, CallResultFrame, MessageId, OcppFrame } from './frames.js';

const uuid = '5f1c0c9e-2b7a-4c6e-9d1a-0b8f3c2e7a11';

describe('OCPP-J frames', () => {
  describe('CALL', () => {
    it('accepts [2, id, action, payload]', () => {
      expect(CallFrame.parse([2, uuid, 'Heartbeat', {}])).toEqual([2, uuid, 'Heartbeat', {}]);
    });

    it('rejects a null or array payload (an empty payload is {})', () => {
      expect(CallFrame.safeParse([2, uuid, 'Heartbeat', null]).success).toBe(false);
      expect(CallFrame.safeParse([2, uuid, 'Heartbeat', []]).success).toBe(false);
    });

    it('rejects a missing payload, an extra element and an empty action', () => {
      expect(CallFrame.safeParse([2, uuid, 'Heartbeat']).success).toBe(false);
      expect(CallFrame.safeParse([2, uuid, 'Heartbeat', {}, {}]).success).toBe(false);
      expect(CallFrame.safeParse([2, uuid, '', {}]).success).toBe(false);
    });

    it('rejects another message type number', () => {
      expect(CallFrame.safeParse([3, uuid, 'Heartbeat', {}]).success).toBe(false);
    });
  });

  describe('CALLRESULT', () => {
    it('accepts [3, id, payload]', () => {
      expect(CallResultFrame.parse([3, uuid, { status: 'Accepted' }])).toEqual([3, uuid, { status: 'Accepted' }]);
    });

    it('rejects a non-object payload', () => {
      expect(CallResultFrame.safeParse([3, uuid, 'Accepted']).success).toBe(false);
    });
  });

  describe('CALLERROR', () => {
    it('accepts [4, id, code, description, details] with "" and {}', () => {
      expect(CallErrorFrame.parse([4, uuid, 'FormationViolation', '', {}])).toEqual([
        4,
        uuid,
        'FormationViolation',
        '',
        {},
      ]);
    });

    it('accepts codes it does not know (they are normalised later)', () => {
      expect(CallErrorFrame.safeParse([4, uuid, 'RpcFrameworkError', 'x', {}]).success).toBe(true);
    });

    it('requires details to be an object', () => {
      expect(CallErrorFrame.safeParse([4, uuid, 'GenericError', 'x']).success).toBe(false);
      expect(CallErrorFrame.safeParse([4, uuid, 'GenericError', 'x', null]).success).toBe(false);
      expect(CallErrorFrame.safeParse([4, uuid, 'GenericError', 'x', 'details']).success).toBe(false);
    });
  });

  describe('message id', () => {
    it('accepts 1 to 36 characters', () => {
      expect(MessageId.safeParse('a').success).toBe(true);
      expect(MessageId.safeParse('x'.repeat(36)).success).toBe(true);
    });

    it('rejects 37 characters, an empty string and numbers', () => {
      expect(MessageId.safeParse('x'.repeat(37)).success).toBe(false);
      expect(MessageId.safeParse('').success).toBe(false);
      expect(MessageId.safeParse(42).success).toBe(false);
      expect(CallFrame.safeParse([2, 'x'.repeat(37), 'Heartbeat', {}]).success).toBe(false);
    });
  });

  it('parses any of the three kinds as OcppFrame', () => {
    expect(OcppFrame.safeParse([2, 'a', 'Heartbeat', {}]).success).toBe(true);
    expect(OcppFrame.safeParse([3, 'a', {}]).success).toBe(true);
    expect(OcppFrame.safeParse([4, 'a', 'GenericError', '', {}]).success).toBe(true);
    expect(OcppFrame.safeParse([5, 'a', {}]).success).toBe(false);
  });
});
