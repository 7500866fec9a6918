import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { DeadLetterArchive } from '@chargeplane/platform-messaging';
import type { AssignmentsApi } from './assignments-api.js';
import { AssignmentsController } from './assignments.controller.js';
import type { IdempotencyStore } from '../persistence/idempotency.store.js';
import type { TenantsRepository } from '../persistence/tenants.repository.js';
import { ApiKeyGuard } from './api-key.guard.js';
import type { ApiKeyTenants } from './api-key-tenants.js';
import type {
  ChargerBulkRegistration,
  ChargerReads,
  ChargerRegistration,
  ChargingProfileCommands,
} from '@chargeplane/charger-application';
import { BulkRegistrationController } from './bulk-registration.controller.js';
import { ChargersController } from './chargers.controller.js';
import { DEAD_LETTERS, DeadLettersController } from './dead-letters.controller.js';
import { DocsController } from './docs.controller.js';
import { HealthController } from './health.controller.js';
import { FLEET_API, type FleetApi } from './fleet-api.js';
import { FleetController } from './fleet.controller.js';
import { COMPLIANCE_API, type ComplianceApi } from './compliance-api.js';
import { ComplianceController } from './compliance.controller.js';
import { TwinStreamController } from './twin-stream.controller.js';
import { ConsoleController } from './console.controller.js';
import {
  API_KEY_TENANTS,
  ASSIGNMENTS_API,
  AUTH_CONFIG,
  CHARGER_BULK_REGISTRATION,
  CONSOLE_DIR,
  CHARGER_READS,
  CHARGER_REGISTRATION,
  CHARGING_PROFILES,
  HEALTH,
  IDEMPOTENCY,
  TENANTS,
  type AuthConfig,
  type HealthProbe,
} from './tokens.js';

export interface ProfileCommandHttpDeps {
  profiles: ChargingProfileCommands;
  reads: ChargerReads;
  registration: ChargerRegistration;
  bulkRegistration: ChargerBulkRegistration;
  assignments: AssignmentsApi;
  tenants: TenantsRepository;
  apiKeyTenants: ApiKeyTenants;
  idempotency: IdempotencyStore;
  auth: AuthConfig;
  health: HealthProbe;
  fleet: FleetApi;
  compliance: ComplianceApi;
  deadLetters: DeadLetterArchive;
  /** Where the console's static build is (dist/apps/console). */
  consoleDir: string;
}

/** The HTTP API of profile-command, wired from values built in main.ts (no hidden fallbacks). */
@Module({})
export class ProfileCommandHttpModule {
  static forRoot(deps: ProfileCommandHttpDeps): DynamicModule {
    return {
      module: ProfileCommandHttpModule,
      controllers: [
        TwinStreamController,
        BulkRegistrationController,
        ChargersController,
        AssignmentsController,
        HealthController,
        DocsController,
        FleetController,
        ComplianceController,
        DeadLettersController,
        ConsoleController,
      ],
      providers: [
        { provide: CHARGING_PROFILES, useValue: deps.profiles },
        { provide: CHARGER_READS, useValue: deps.reads },
        { provide: CHARGER_REGISTRATION, useValue: deps.registration },
        { provide: CHARGER_BULK_REGISTRATION, useValue: deps.bulkRegistration },
        { provide: ASSIGNMENTS_API, useValue: deps.assignments },
        { provide: TENANTS, useValue: deps.tenants },
        { provide: API_KEY_TENANTS, useValue: deps.apiKeyTenants },
        { provide: IDEMPOTENCY, useValue: deps.idempotency },
        { provide: AUTH_CONFIG, useValue: deps.auth },
        { provide: HEALTH, useValue: deps.health },
        { provide: FLEET_API, useValue: deps.fleet },
        { provide: COMPLIANCE_API, useValue: deps.compliance },
        { provide: DEAD_LETTERS, useValue: deps.deadLetters },
        { provide: CONSOLE_DIR, useValue: deps.consoleDir },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
      ],
    };
  }
}
