import {
  CreateAssignments1732500003000,
  CreateChargerTables1732500001000,
  IdempotencyClaims1732500007000,
  WakeVersion1732500008300,
} from '@chargeplane/charger-adapters';
import {
  ComplianceChargerLedgers1732500006100,
  ComplianceLedgersFillfactor1732500006200,
  CreateComplianceTables1732500006000,
} from '@chargeplane/compliance-adapters';
import { eventStoreMigrations } from '@chargeplane/platform-event-store';
import {
  CreateTwins1732500002000,
  TwinsFillfactor1732500004300,
  TwinSummaryColumns1732500004200,
} from '@chargeplane/twin-adapters';

/** Every migration of the platform's database, in order (each context owns its files). */
export const allMigrations = [
  ...eventStoreMigrations,
  CreateChargerTables1732500001000,
  CreateTwins1732500002000,
  CreateAssignments1732500003000,
  TwinSummaryColumns1732500004200,
  TwinsFillfactor1732500004300,
  CreateComplianceTables1732500006000,
  ComplianceChargerLedgers1732500006100,
  ComplianceLedgersFillfactor1732500006200,
  IdempotencyClaims1732500007000,
  WakeVersion1732500008300,
];
