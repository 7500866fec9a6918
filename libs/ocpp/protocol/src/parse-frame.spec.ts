import { parseFrame, type ParsedFrame } from './parse-frame.js';

const opts = { maxBytes: 65_536 };
const id = '5f1c0c9e-2b7a-4c6e-9d1a-0b8f3c2e7a11';
const parse = (text: string): ParsedFrame => parseFrame(text, opts);

function invalidOf(frame: ParsedFrame) {
  if (frame.kind !== 'invalid') throw new Error(`expected invalid, got ${frame.kind}`);
  return frame;
}

describe('parseFrame', () => {
  describe('well-formed frames', () => {
    it('reads a CALL', () => {
      expect(parse(`[2, "${id}", "Heartbeat", {}]`)).toEqual({
        kind: 'call',
        messageId: id,
        action: 'Heartbeat',
        payload: {},
      });
    });

    it('reads a CALLRESULT', () => {
      expect(parse(`[3, "${id}", {"status": "Accepted"}]`)).toEqual({
        kind: 'callResult',
        messageId: id,
        payload: { status: 'Accepted' },
      });
    });

    it('reads a CALLERROR and normalises its 2.0.1 code', () => {
      expect(parse(`[4, "${id}", "FormatViolation", "bad", {"at": 1}]`)).toEqual({
        kind: 'callError',
        messageId: id,
        errorCode: 'FormationViolation',
        receivedErrorCode: 'FormatViolation',
        errorDescription: 'bad',
        errorDetails: { at: 1 },
      });
    });

    it('maps an unknown CALLERROR code to GenericError', () => {
      const frame = parse(`[4, "a", "RpcFrameworkError", "", {}]`);
      expect(frame).toMatchObject({
        kind: 'callError',
        errorCode: 'GenericError',
        receivedErrorCode: 'RpcFrameworkError',
      });
    });

    it('accepts a 36-character message id', () => {
      expect(parse(`[2, "${'x'.repeat(36)}", "Heartbeat", {}]`).kind).toBe('call');
    });

    it('leaves the action unchecked (that is validateCall’s job)', () => {
      expect(parse(`[2, "a", "NoSuchAction", {}]`)).toMatchObject({ kind: 'call', action: 'NoSuchAction' });
    });
  });

  describe('malformed frames are FormationViolation', () => {
    it.each(['', 'not json', '[2, "a", "Heartbeat", {}', '{"a": 1}', '"text"', '42', 'null', 'true'])(
      'rejects %j without a message id',
      (text) => {
        const frame = invalidOf(parse(text));
        expect(frame.error.code).toBe('FormationViolation');
        expect(frame.messageId).toBeUndefined();
      },
    );

    it('rejects an empty array', () => {
      expect(invalidOf(parse('[]')).error.code).toBe('FormationViolation');
    });

    it('rejects a non-numeric message type but recovers the id', () => {
      const frame = invalidOf(parse('["2", "abc", "Heartbeat", {}]'));
      expect(frame).toMatchObject({ messageId: 'abc', error: { code: 'FormationViolation' } });
      expect(frame.messageTypeId).toBeUndefined();
    });

    it('recovers the id of a CALL with a null payload so it can be answered', () => {
      const frame = invalidOf(parse('[2, "abc", "Heartbeat", null]'));
      expect(frame).toMatchObject({ messageId: 'abc', messageTypeId: 2, error: { code: 'FormationViolation' } });
      expect(frame.error.description).toContain('payload');
    });

    it('recovers the id of a CALL whose action is not a string', () => {
      expect(invalidOf(parse('[2, "abc", 7, {}]'))).toMatchObject({ messageId: 'abc', messageTypeId: 2 });
    });

    it('rejects a CALL with a missing or an extra element', () => {
      expect(invalidOf(parse('[2, "abc", "Heartbeat"]')).messageId).toBe('abc');
      expect(invalidOf(parse('[2, "abc", "Heartbeat", {}, {}]')).error.description).toContain('CALL must be');
    });

    it('rejects a 37-character id and does not echo it', () => {
      const frame = invalidOf(parse(`[2, "${'x'.repeat(37)}", "Heartbeat", {}]`));
      expect(frame.error.code).toBe('FormationViolation');
      expect(frame.messageId).toBeUndefined();
    });

    it('rejects a numeric or empty id', () => {
      expect(invalidOf(parse('[2, 17, "Heartbeat", {}]')).messageId).toBeUndefined();
      expect(invalidOf(parse('[2, "", "Heartbeat", {}]')).messageId).toBeUndefined();
    });

    it('marks invalid CALLRESULT and CALLERROR frames with their type so they are not answered', () => {
      expect(invalidOf(parse('[3, "abc", "Accepted"]'))).toMatchObject({ messageId: 'abc', messageTypeId: 3 });
      expect(invalidOf(parse('[4, "abc", "GenericError", "no details"]'))).toMatchObject({ messageTypeId: 4 });
      expect(invalidOf(parse('[4, "abc", 500, "", {}]'))).toMatchObject({ messageTypeId: 4 });
    });
  });

  describe('unknown message types are ignored', () => {
    it.each([0, 1, 5, 6, 2.5, -2])('ignores type %s', (type) => {
      expect(parse(`[${type}, "abc", {}]`)).toEqual({ kind: 'ignored', messageTypeId: type });
    });
  });

  describe('size limit', () => {
    it('refuses a frame longer than maxBytes without parsing it', () => {
      expect(parseFrame('[2, "a", "Heartbeat", {}]', { maxBytes: 10 })).toEqual({ kind: 'oversized', maxBytes: 10 });
    });

    it('counts UTF-8 bytes, not characters', () => {
      const text = `[2, "a", "DataTransfer", {"vendorId": "v", "data": "${'€'.repeat(10)}"}]`; // € is 3 bytes
      const bytes = new TextEncoder().encode(text).length;
      expect(parseFrame(text, { maxBytes: bytes }).kind).toBe('call');
      expect(parseFrame(text, { maxBytes: bytes - 1 }).kind).toBe('oversized');
    });

    it('counts a surrogate pair as 4 bytes', () => {
      const text = `[2, "a", "DataTransfer", {"vendorId": "🔌🔌"}]`;
      const bytes = new TextEncoder().encode(text).length;
      expect(parseFrame(text, { maxBytes: bytes }).kind).toBe('call');
      expect(parseFrame(text, { maxBytes: bytes - 1 }).kind).toBe('oversized');
    });
  });

  it('never throws, whatever the input', () => {
    const inputs = [
      '[2, "a", "x", {"__proto__": {"polluted": true}}]',
      '[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]',
      '['.repeat(10_000),
      '[2, "a", "Heartbeat", {"a": ' + '['.repeat(5_000) + ']'.repeat(5_000) + '}]',
      '\u0000',
      '\ud800',
      '[1e999, "a", {}]',
    ];
    for (const text of inputs) expect(() => parseFrame(text, { maxBytes: 1_000_000 })).not.toThrow();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
