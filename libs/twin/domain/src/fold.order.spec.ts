import { applyEnvelope } from './fold.js';
import {
  aReadyZappi,
  CHARGER,
  connected,
  disconnected,
  envelope,
  iso,
  registered,
  T0,
  twinOf,
} from './test-builders.js';
import { emptyTwin } from './twin-doc.js';

describe('Charger twin', () => {
  describe('when the next version of the stream arrives', () => {
    it('applies it and records its version, tenant and recorded time', () => {
      const result = applyEnvelope(emptyTwin(CHARGER), envelope(registered(), 1));
      expect(result).toMatchObject({
        kind: 'applied',
        twin: { chargerId: CHARGER, tenantId: 'tenant-1', model: 'zappi', version: 1, updatedAt: iso(T0 + 1000) },
      });
    });
  });

  describe('when an event was applied already', () => {
    const twin = twinOf(aReadyZappi());

    it('ignores the same version again', () => {
      expect(applyEnvelope(twin, envelope(disconnected(), 4))).toEqual({ kind: 'duplicate' });
    });

    it('ignores an older version', () => {
      expect(applyEnvelope(twin, envelope(disconnected(), 1))).toEqual({ kind: 'duplicate' });
    });
  });

  describe('when versions are missing before the event', () => {
    it('reports the gap and applies nothing', () => {
      expect(applyEnvelope(twinOf(aReadyZappi()), envelope(disconnected(), 7))).toEqual({
        kind: 'gap',
        expected: 5,
        got: 7,
      });
    });
  });

  describe('when the event data does not match its schema', () => {
    it('refuses to apply it', () => {
      const bad = { ...envelope(connected(), 1), data: { edgeId: 42 } };
      expect(() => applyEnvelope(emptyTwin(CHARGER), bad)).toThrow();
    });
  });
});
