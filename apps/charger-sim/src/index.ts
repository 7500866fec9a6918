// In-process API of the simulator, for tests (`startSimulator`) and tools.
export { startSimulator, type SimulatorHandle } from './start-simulator.js';
export { simulatorOptionsSchema, type SimulatorOptions, type SimulatorOptionsInput } from './simulator-options.js';
export type { SimulatorReport } from './fleet/simulator-report.js';
export type { SimulatedCharger, PlugInRequest } from './charger/simulated-charger.js';
export type { CallLogEntry } from './charger/call-log.js';
