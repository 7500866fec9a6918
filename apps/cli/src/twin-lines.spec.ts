import type { Twin } from '@chargeplane/contracts-api';
import { describeChange } from './twin-lines.js';

const twin = (overrides: Partial<Twin> = {}): Twin => ({
  chargerId: 'CP-1',
  tenantId: 't',
  model: 'zappi',
  jurisdiction: null,
  tags: [],
  vendor: 'myenergi',
  firmwareVersion: '5.5',
  commercialMode: true,
  connected: false,
  lastSeenAt: null,
  slots: { used: 0, max: 84 },
  writeBudget: { limit: 8, windowSeconds: 3600, used: 1, remaining: 7, nextAvailableAt: null },
  profiles: [],
  configuration: {},
  transactions: [],
  version: 4,
  updatedAt: '2030-01-01T12:34:56.000Z',
  ...overrides,
});

describe('Watch lines', () => {
  it('shows every fact of a charger seen for the first time', () => {
    expect(describeChange(undefined, { chargerId: 'CP-1', version: 4, twin: twin() })).toBe(
      '12:34:56 CP-1 v4 link offline · firmware 5.5 · mode commercial · slots 0/84 · budget 7/8 · profiles none · transactions 0',
    );
  });

  it('shows only what changed since the twin before', () => {
    const before = twin();
    const after = twin({
      connected: true,
      profiles: [
        {
          connectorId: 1,
          chargingProfileId: 7,
          purpose: 'TxDefaultProfile',
          desired: {},
          confirmed: null,
          sync: 'dispatched',
          lastError: null,
        },
      ],
    });
    expect(describeChange(before, { chargerId: 'CP-1', version: 6, twin: after })).toBe(
      '12:34:56 CP-1 v6 link offline→online · profiles none→#7@1 dispatched',
    );
    expect(describeChange(after, { chargerId: 'CP-1', version: 7, twin: after })).toBe(
      '12:34:56 CP-1 v7 (no visible change)',
    );
  });
});
