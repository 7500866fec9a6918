import { ContractRegistry } from './contract-registry.js';
import { acceptedEvent, profile, recordOf } from './evolution.spec-support.js';
import { decodeRecord, type RecordMeta } from './record-decoder.js';
import { dispatch } from './typed-handlers.js';

describe('Typed handlers', () => {
  it('call the handler of the event’s own type with the typed event', async () => {
    const seen: number[] = [];
    const decoded = decodeRecord(
      ContractRegistry.published(),
      recordOf(acceptedEvent(1, { writeId: 'w', chargingProfileId: 100, connectorId: 1, chargingProfile: profile })),
    );
    if (decoded.kind === 'invalid') throw new Error(decoded.problem);
    await dispatch(
      {
        events: {
          ChargingProfileAccepted: (e) =>
            void seen.push(e.data.chargingProfile.chargingSchedule.chargingSchedulePeriod.length),
          ChargingProfileCleared: () => void seen.push(-1),
        },
      },
      decoded,
    );
    expect(seen).toEqual([1]);
  });

  it('hand unknown types to their own handler', async () => {
    const meta: RecordMeta = { topic: 't', partition: 0, offset: '0', replay: false, writtenSchemaVersion: 1 };
    const types: string[] = [];
    await dispatch(
      { events: {}, unknownType: (type) => void types.push(type) },
      { kind: 'unknown-type', type: 'Newer', meta },
    );
    expect(types).toEqual(['Newer']);
  });
});
