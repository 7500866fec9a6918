import { z } from 'zod';
import { GbPolicySettingsV1 } from './compliance-shapes.v1.js';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`compliance-policy-created.v2.ts`), see docs/contracts/README.md. */
export const CompliancePolicyCreatedV1 = publicEventSchema(
  'CompliancePolicyCreated',
  1,
  z.object({ tenantId: z.string(), model: z.string(), settings: GbPolicySettingsV1 }),
  'A GB charger got its compliance policy, with the defaults (device mode, 600 s, off-peak default on).',
);
export type CompliancePolicyCreatedV1 = z.infer<typeof CompliancePolicyCreatedV1>;
