import { z } from 'zod';
import { GbPolicySettingsV1 } from './compliance-shapes.v1.js';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`compliance-policy-changed.v2.ts`), see docs/contracts/README.md. */
export const CompliancePolicyChangedV1 = publicEventSchema(
  'CompliancePolicyChanged',
  1,
  z.object({ settings: GbPolicySettingsV1, changes: z.array(z.string()), changedBy: z.string() }),
  'GB compliance settings changed: the full new settings, what changed and who changed it.',
);
export type CompliancePolicyChangedV1 = z.infer<typeof CompliancePolicyChangedV1>;
