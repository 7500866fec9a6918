import { isCurrentTwinDoc, readableTwinDoc, TWIN_DOC_VERSION, type TwinDoc } from './twin-doc.js';
import { aProfile, aReadyZappi, desired, T0, twinOf } from './test-builders.js';
import { viewTwin } from './view.js';

const p1 = aProfile();

describe('Stored twin documents', () => {
  describe('when a document has the current shape', () => {
    it('is read as it is', () => {
      const doc = twinOf([...aReadyZappi(), desired(p1)]);
      expect(isCurrentTwinDoc(doc)).toBe(true);
      expect(readableTwinDoc(doc)).toBe(doc);
    });
  });

  describe('when a document was stored before the ledger (version 1)', () => {
    const v1 = {
      chargerId: 'CP-1',
      tenantId: 'tenant-1',
      model: 'zappi',
      jurisdiction: 'GB',
      tags: [],
      vendor: 'myenergi',
      firmwareVersion: '5.5',
      configuration: { CommercialMode: 'True' },
      connected: true,
      lastSeenAt: new Date(T0).toISOString(),
      transactions: [],
      profiles: [
        {
          chargingProfileId: 1,
          desired: { connectorId: 1, profile: p1 },
          confirmed: { connectorId: 1, profile: p1 },
          phase: 'settled',
          lastError: null,
        },
      ],
      writeTimes: [T0],
      version: 7,
      updatedAt: new Date(T0).toISOString(),
    } as unknown as TwinDoc;

    it('is not current, so the projection folds the charger again from its stream', () => {
      expect(isCurrentTwinDoc(v1)).toBe(false);
      expect(isCurrentTwinDoc(readableTwinDoc(v1))).toBe(false);
    });

    it('still shows what it holds to readers, without crashing', () => {
      const view = viewTwin(readableTwinDoc(v1), T0 + 1000);
      expect(view).toMatchObject({
        connected: true,
        slots: { used: 1, max: 84 },
        writeBudget: { used: 1 },
        version: 7,
        profiles: [{ chargingProfileId: 1, desired: p1, confirmed: p1, sync: 'in-sync' }],
      });
      expect(TWIN_DOC_VERSION).toBe(2);
    });
  });
});
