import { NewEvent, toNewEvents } from './envelope.js';

describe('toNewEvents', () => {
  it('wraps decided events in the order given, each with its own id and the append’s context', () => {
    let n = 0;
    const ids = ['0b8e6d8e-1b7a-4c1e-9a51-6f1f9a0c0001', '0b8e6d8e-1b7a-4c1e-9a51-6f1f9a0c0002'];
    const wrapped = toNewEvents(
      'CP-1',
      [
        {
          type: 'ChargerBooted',
          schemaVersion: 1,
          occurredAt: '2026-11-25T10:00:00.000Z',
          data: { firmware: '5.5.1' },
        },
        { type: 'ChargerConnected', schemaVersion: 2, occurredAt: '2026-11-25T10:00:01.000Z', data: {} },
      ],
      { tenantId: 'tnt_a', correlationId: 'req-1', causationId: null },
      () => ids[n++] as string,
    );
    expect(wrapped).toEqual([
      {
        id: ids[0],
        type: 'ChargerBooted',
        schemaVersion: 1,
        tenantId: 'tnt_a',
        chargerId: 'CP-1',
        occurredAt: '2026-11-25T10:00:00.000Z',
        correlationId: 'req-1',
        causationId: null,
        data: { firmware: '5.5.1' },
      },
      expect.objectContaining({ id: ids[1], type: 'ChargerConnected', schemaVersion: 2, chargerId: 'CP-1' }),
    ]);
    for (const event of wrapped) expect(NewEvent.safeParse(event).success).toBe(true);
  });
});
