import { applyTwinEnvelope, viewTwinDetailed } from './last-rejection.js';
import {
  accepted,
  aProfile,
  aReadyZappi,
  desired,
  dispatched,
  envelope,
  iso,
  MINUTE,
  rejected,
  removalDesired,
  T0,
} from './test-builders.js';
import { emptyTwin, type TwinDoc } from './twin-doc.js';
import type { ChargerEvent } from '@chargeplane/contracts-events';

const fold = (events: readonly ChargerEvent[]): TwinDoc =>
  events.reduce((twin, event, i) => {
    const result = applyTwinEnvelope(twin, envelope(event, i + 1));
    if (result.kind !== 'applied') throw new Error(`event ${i + 1} not applied: ${result.kind}`);
    return result.twin;
  }, emptyTwin('Z-1'));

const p1 = aProfile({ chargingProfileId: 1 });
const p1b = aProfile({ chargingProfileId: 1, stackLevel: 0, validTo: '2027-01-01T00:00:00Z' });

describe('Twin last rejection', () => {
  describe('when the charger refuses a write', () => {
    const twin = fold([...aReadyZappi(), desired(p1), dispatched('w1', p1), rejected('w1', 1, T0 + MINUTE)]);

    it('shows the refusal with its write and time beside the error', () => {
      const profile = viewTwinDetailed(twin, T0 + 2 * MINUTE).profiles[0];
      expect(profile).toMatchObject({
        sync: 'rejected',
        lastError: { code: 'Rejected' },
        lastRejection: { status: 'Rejected', writeId: 'w1', at: iso(T0 + MINUTE) },
      });
    });

    it('keeps it as history after a new desired state is written and accepted', () => {
      const later = fold([
        ...aReadyZappi(),
        desired(p1),
        dispatched('w1', p1),
        rejected('w1', 1, T0 + MINUTE),
        desired(p1b),
        dispatched('w2', p1b),
        accepted('w2', p1b),
      ]);
      const profile = viewTwinDetailed(later, T0 + 5 * MINUTE).profiles[0];
      expect(profile).toMatchObject({ sync: 'in-sync', lastError: null, lastRejection: { writeId: 'w1' } });
    });

    it('forgets it with the profile once the profile is neither desired nor installed', () => {
      const gone = fold([
        ...aReadyZappi(),
        desired(p1),
        dispatched('w1', p1),
        rejected('w1', 1),
        removalDesired(1),
        desired(p1),
      ]);
      expect(viewTwinDetailed(gone, T0).profiles[0]?.lastRejection).toBeNull();
    });
  });

  it('shows null for a profile the charger never refused', () => {
    const twin = fold([...aReadyZappi(), desired(p1), dispatched('w1', p1), accepted('w1', p1)]);
    expect(viewTwinDetailed(twin, T0).profiles[0]?.lastRejection).toBeNull();
  });

  it('passes duplicates and gaps through unchanged', () => {
    const twin = fold(aReadyZappi());
    expect(applyTwinEnvelope(twin, envelope(rejected('w1', 1), 2))).toEqual({ kind: 'duplicate' });
    expect(applyTwinEnvelope(twin, envelope(rejected('w1', 1), 9))).toEqual({ kind: 'gap', expected: 5, got: 9 });
  });
});
