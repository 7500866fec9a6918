import { viewTwin } from './view.js';
import { aProfile, aReadyZappi, desired, dispatched, iso, MINUTE, rejected, T0, twinOf } from './test-builders.js';

// Rule 3b, L9: a zappi's Rejected may be its own write limit: its window counts as full until it frees.
describe('Charger twin write budget', () => {
  describe('when a zappi answers Rejected with only two writes in the platform window', () => {
    const events = [
      ...aReadyZappi(),
      desired(aProfile()),
      dispatched('w1', aProfile(), T0),
      desired(aProfile({}, 2)),
      dispatched('w2', aProfile({}, 2), T0 + MINUTE),
      rejected('w2', 1, T0 + MINUTE + 1000),
    ];
    const freesAt = T0 + 60 * MINUTE + 30 * 1000;

    it('shows no write left until the oldest write leaves the guarded window', () => {
      expect(viewTwin(twinOf(events), T0 + 2 * MINUTE).writeBudget).toMatchObject({
        used: 2,
        remaining: 0,
        nextAvailableAt: iso(freesAt),
      });
    });

    it('shows the window open again once it has freed', () => {
      expect(viewTwin(twinOf(events), freesAt).writeBudget).toMatchObject({ remaining: 23, nextAvailableAt: null });
    });
  });
});
