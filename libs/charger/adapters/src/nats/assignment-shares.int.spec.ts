import type { AssignmentRequest } from '@chargeplane/charger-application';
import { chargerPartition, subjects, AssignmentShareReply } from '@chargeplane/contracts-api';
import { NatsBus, RequestError } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { AssignmentShares } from './assignment-shares.js';

const PARTITIONS = 4;
const log = createLogger('assignment-shares-test', 'silent');
const CHARGERS = Array.from({ length: 40 }, (_, i) => `AS-${i}`);

function anAssignment(chargerIds: string[], assignmentId = 'asg_shares'): AssignmentRequest {
  return {
    assignmentId,
    tenantId: 't-shares',
    connectorId: 1,
    chargingProfile: {
      chargingProfileId: 7,
      stackLevel: 1,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
    },
    chargerIds,
  };
}

describe('AssignmentShares: a bulk assignment runs where its chargers’ facts are taken in (real NATS)', () => {
  let infra: TestInfra;
  const buses: NatsBus[] = [];
  const started: AssignmentShares[] = [];

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
  });
  afterAll(async () => {
    for (const s of started) s.stop();
    for (const b of buses) await b.close();
    await infra?.stop();
  });

  /** A replica holding `owned`; what it runs (for itself or as a share) is recorded by charger. */
  async function replica(name: string, owned: number[], fail = false) {
    const bus = await NatsBus.connect({ url: infra.natsUrl, name, prefix: infra.runId });
    buses.push(bus);
    const ran: string[] = [];
    const shares = new AssignmentShares(bus, { partitions: PARTITIONS, owned: () => owned }, log);
    shares.start(async (request) => {
      if (fail) throw new Error(`${name} cannot run it`);
      ran.push(...request.chargerIds);
    });
    started.push(shares);
    await bus.nc.flush(); // its subscriptions are on the server before another replica asks
    const runHere = async (chargerIds: string[]) => void ran.push(...chargerIds);
    return { bus, shares, ran, runHere };
  }

  const ofPartitions = (ks: number[]) => CHARGERS.filter((c) => ks.includes(chargerPartition(c, PARTITIONS)));

  it('keeps the chargers of the partitions it holds and hands the others to their holder', async () => {
    const a = await replica('a', [0, 1]);
    const b = await replica('b', [2, 3]);
    await a.shares.run(anAssignment(CHARGERS), a.runHere);
    expect([...a.ran].sort()).toEqual(ofPartitions([0, 1]).sort());
    expect([...b.ran].sort()).toEqual(ofPartitions([2, 3]).sort());
    expect(ofPartitions([2, 3]).length).toBeGreaterThan(0);
    a.shares.stop();
    b.shares.stop();
  });

  it('runs a share itself when no replica holds its partition, or its holder fails it', async () => {
    const a = await replica('c', [0]);
    const failing = await replica('d', [1], true);
    await a.shares.run(anAssignment(CHARGERS, 'asg_fallback'), a.runHere);
    // Partitions 2 and 3 have no holder, partition 1's holder fails: every charger ran here, once.
    expect([...a.ran].sort()).toEqual([...CHARGERS].sort());
    expect(failing.ran).toEqual([]);
    a.shares.stop();
    failing.shares.stop();
  });

  it('answers a malformed share with VALIDATION_FAILED and runs nothing', async () => {
    const holder = await replica('e', [0, 1, 2, 3]);
    const { chargerIds: _, ...withoutChargers } = anAssignment(CHARGERS);
    const asked = holder.bus.request(subjects.assignmentShare(0), withoutChargers, AssignmentShareReply, 5_000);
    await expect(asked).rejects.toBeInstanceOf(RequestError);
    await expect(asked).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(holder.ran).toEqual([]);
    holder.shares.stop();
  });
});
