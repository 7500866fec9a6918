/** Records of the device twin (`events.twin.{id}` on JetStream). Type strings are permanent. */
import { z } from 'zod';
import { TwinDriftChecked, TwinDriftDetected } from './drift.events.js';

export * from './drift.events.js';

export const TwinEvent = z.discriminatedUnion('type', [TwinDriftDetected, TwinDriftChecked]);
export type TwinEvent = z.infer<typeof TwinEvent>;
