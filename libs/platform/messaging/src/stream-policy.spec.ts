import {
  defaultStreamPolicy,
  describeChange,
  describeLimits,
  desiredStream,
  planStreamUpdate,
  streamPolicyFromEnv,
  type ExistingStream,
} from './stream-policy.js';

const NS_PER_HOUR = 3_600_000_000_000;
const ocppIn = { name: 'OCPP_IN', subjects: ['ocpp.in.>'], retention: 'facts' as const };
const chargerEvents = { name: 'CHARGER_EVENTS', subjects: ['events.charger.>'], retention: 'events' as const };

const policy = streamPolicyFromEnv({
  OCPP_IN_MAX_AGE_HOURS: 72,
  OCPP_IN_MAX_BYTES: 20 * 1024 ** 3,
  EVENT_STREAMS_MAX_AGE_DAYS: 30,
  DEAD_LETTERS_MAX_AGE_DAYS: 14,
  NATS_DUPLICATE_WINDOW_SECONDS: 600,
  NATS_STREAM_REPLICAS: 3,
});

/** A stream as ensureStreams created it before retention was configured. */
const legacy: ExistingStream = {
  subjects: ['ocpp.in.>'],
  storage: 'file',
  retention: 'limits',
  max_age: 0,
  max_bytes: -1,
  duplicate_window: 120_000_000_000,
  num_replicas: 1,
};

describe('stream configuration from the retention policy', () => {
  it('gives OCPP_IN the facts limits and the event streams theirs, in JetStream units', () => {
    expect(desiredStream(ocppIn, policy, true)).toEqual({
      config: {
        name: 'OCPP_IN',
        subjects: ['ocpp.in.>'],
        storage: 'file',
        retention: 'limits',
        max_age: 72 * NS_PER_HOUR,
        max_bytes: 20 * 1024 ** 3,
        duplicate_window: 600_000_000_000,
        num_replicas: 3,
      },
      notes: [],
    });
    expect(describeLimits(desiredStream(ocppIn, policy, true).config)).toEqual([
      'max_age 3d',
      'max_bytes 20 GiB',
      'duplicate_window 10m',
      'num_replicas 3',
    ]);
    const events = desiredStream(chargerEvents, policy, true).config;
    expect(events.max_age).toBe(30 * 24 * NS_PER_HOUR);
    expect(events.max_bytes).toBe(-1);
    const deadLetters = { name: 'DEAD_LETTERS', subjects: ['deadletter.>'], retention: 'deadLetters' as const };
    expect(desiredStream(deadLetters, policy, true).config.max_age).toBe(14 * 24 * NS_PER_HOUR);
  });

  it('keeps one replica on a server that is not clustered, and says why', () => {
    const { config, notes } = desiredStream(ocppIn, policy, false);
    expect(config.num_replicas).toBe(1);
    expect(notes).toEqual([expect.stringMatching(/3 replicas asked for .* not clustered: 1 replica/)]);
  });

  it('treats a stream without a class as an event stream, and matches the env defaults without a policy', () => {
    expect(desiredStream({ name: 'X', subjects: ['x.>'] }, defaultStreamPolicy, false).config.max_age).toBe(
      30 * 24 * NS_PER_HOUR,
    );
    expect(
      streamPolicyFromEnv({
        OCPP_IN_MAX_AGE_HOURS: 72,
        EVENT_STREAMS_MAX_AGE_DAYS: 30,
        DEAD_LETTERS_MAX_AGE_DAYS: 30,
        NATS_DUPLICATE_WINDOW_SECONDS: 600,
        NATS_STREAM_REPLICAS: 1,
      }),
    ).toEqual(defaultStreamPolicy);
  });
});

describe('updating an existing stream', () => {
  it('changes the limits, duplicate window and replicas of a stream created with the old defaults', () => {
    const { changes, kept } = planStreamUpdate(legacy, desiredStream(ocppIn, policy, true).config);
    expect(changes.map(describeChange)).toEqual([
      'max_age none → 3d',
      'max_bytes none → 20 GiB',
      'duplicate_window 2m → 10m',
      'num_replicas 1 → 3',
    ]);
    expect(kept).toEqual([]);
  });

  it('changes nothing on a stream that already has the policy', () => {
    const desired = desiredStream(ocppIn, policy, true).config;
    expect(planStreamUpdate({ ...desired }, desired)).toEqual({ changes: [], kept: [] });
  });

  it('reads a missing duplicate window as the server default and 0 bytes as no cap', () => {
    const desired = { ...desiredStream(ocppIn, defaultStreamPolicy, false).config, duplicate_window: 120_000_000_000 };
    const { duplicate_window: _, ...withoutWindow } = { ...legacy, max_age: desired.max_age, max_bytes: 0 };
    expect(planStreamUpdate(withoutWindow, desired).changes).toEqual([]);
  });

  it('leaves storage, retention policy and subjects alone and says so, never proposing to recreate', () => {
    const existing = { ...legacy, storage: 'memory', retention: 'workqueue', subjects: ['other.>'] };
    const { changes, kept } = planStreamUpdate(existing, desiredStream(ocppIn, policy, true).config);
    expect(changes.map((c) => c.setting)).toEqual(['max_age', 'max_bytes', 'duplicate_window', 'num_replicas']);
    expect(kept).toEqual([
      'storage is memory, not file (the server cannot change it in place)',
      'retention policy is workqueue, not limits (left as it is)',
      'subjects are other.>, not ocpp.in.> (left as they are)',
    ]);
  });
});
