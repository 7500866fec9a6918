// The command line of the ocpp-edge benchmark, parsed once into plain numbers and lists.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from '../lib/bench-utils.mjs';

export const ALL_PHASES = ['storm', 'control', 'ramp', 'steady', 'throughput'];

/** Parses `process.argv`; every phase and figure of the benchmark reads its parameters from the result. */
export function benchOptions() {
  const { values } = parseArgs({
    options: {
      phases: { type: 'string', default: ALL_PHASES.join(',') },
      runs: { type: 'string', default: '3' },
      count: { type: 'string', default: '10000' },
      'tp-count': { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '200' },
      'tp-seconds': { type: 'string', default: '15' },
      'steady-seconds': { type: 'string', default: '60' },
      'steady-clocks': { type: 'string', default: '2,10' },
      'steady-heartbeat': { type: 'string', default: '60' },
      settle: { type: 'string', default: '10000' },
      'storm-rate': { type: 'string', default: '1000000' },
      'ramp-rate': { type: 'string', default: '500' },
      out: { type: 'string', default: join(root, 'bench/results/ocpp-edge.json') },
    },
  });
  return {
    phases: values.phases.split(','),
    runs: Number(values.runs),
    count: Number(values.count),
    tpCount: Number(values['tp-count']),
    concurrency: Number(values.concurrency),
    tpSeconds: Number(values['tp-seconds']),
    steadySeconds: Number(values['steady-seconds']),
    steadyClocks: values['steady-clocks'].split(',').map(Number),
    steadyHeartbeat: Number(values['steady-heartbeat']),
    settleMs: Number(values.settle),
    stormRate: Number(values['storm-rate']),
    rampRate: Number(values['ramp-rate']),
    out: values.out,
  };
}
