import { ChargePointErrorCode, ChargePointStatus } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';
import { publicEventSchema } from './public-envelope.js';

/** Frozen: a change of shape is a new file (`connector-status-reported.v2.ts`), see docs/contracts/README.md. */
export const ConnectorStatusReportedV1 = publicEventSchema(
  'ConnectorStatusReported',
  1,
  z.object({
    connectorId: z.number().int(),
    errorCode: ChargePointErrorCode,
    info: z.string().optional(),
    status: ChargePointStatus,
    timestamp: z.iso
      .datetime({ offset: true })
      .optional()
      .describe("The charger's own timestamp, as sent (OCPP allows an offset)."),
    vendorId: z.string().optional(),
    vendorErrorCode: z.string().optional(),
  }),
  'A connector status as the charger reported it (OCPP 1.6 StatusNotification.req).',
);
export type ConnectorStatusReportedV1 = z.infer<typeof ConnectorStatusReportedV1>;
