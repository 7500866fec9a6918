// The command line of the profile-command benchmark (its usage is in profile-command.bench.mjs's header): the flags,
// their defaults, and the one check made before anything starts.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from '../lib/bench-utils.mjs';

/** The run's options from `args` (by default the process's arguments); throws on a flag it does not know. */
export function benchOptions(args) {
  const { values } = parseArgs({
    args,
    options: {
      phases: { type: 'string', default: 'single,fleet' },
      runs: { type: 'string', default: '3' },
      changes: { type: 'string', default: '200' },
      sizes: { type: 'string', default: '1000,10000' },
      replicas: { type: 'string', default: '1' },
      'cpu-prof': { type: 'string' },
      // Node flags for the platform's processes only (not the simulator's, not the benchmark's), e.g. a heap limit.
      'platform-node-options': { type: 'string' },
      'push-timeout': { type: 'string', default: '300' },
      out: { type: 'string', default: join(root, 'bench/results/profile-command.json') },
      keep: { type: 'boolean', default: false },
      'count-queries': { type: 'boolean', default: false },
      // Diagnostic: SIGSTOP device-twin, compliance-gb and kafka-bridge during each push (SIGCONT after), to measure
      // the command path (profile-command, edge, charger) without the projections competing for the two cores.
      'pause-projections': { type: 'boolean', default: false },
      // Diagnostic: also time each push event's arrival on CHARGER_EVENTS (the outbox relay's share of the twin lag).
      'bus-lag': { type: 'boolean', default: false },
      // Diagnostic: count every message NATS carries during each push, by kind, per confirmed charger (bus-traffic.mjs).
      'count-messages': { type: 'boolean', default: false },
    },
  });
  const replicas = Number(values.replicas);
  if (![1, 2].includes(replicas)) throw new Error('--replicas is 1 or 2');
  return {
    phases: values.phases.split(','),
    runs: Number(values.runs),
    changes: Number(values.changes),
    sizes: values.sizes.split(',').map(Number),
    replicas,
    cpuProf: values['cpu-prof'],
    platformNodeOptions: values['platform-node-options'],
    pushTimeoutMs: Number(values['push-timeout']) * 1000,
    out: values.out,
    keep: values.keep,
    countQueries: values['count-queries'],
    pauseProjections: values['pause-projections'],
    busLag: values['bus-lag'],
    countMessages: values['count-messages'],
  };
}
