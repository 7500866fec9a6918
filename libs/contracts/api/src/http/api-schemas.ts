import { EventEnvelope } from '@chargeplane/contracts-events';
import { z } from 'zod';
import { ErrorBody, ProfileRefusalCode } from '../errors.js';
import { Twin } from '../twin-queries.js';
import { ChargerId } from './charger-routes.js';

/** The path of every route under `/v1/chargers/{chargerId}`. */
export const ChargerPathParams = z.object({ chargerId: ChargerId });

export const AssignmentPathParams = z.object({
  assignmentId: z.string().regex(/^asg_[0-9a-f-]{36}$/, 'not an assignment id'),
});

/** Retries of a write: the same key and body answer what the first request answered, once. */
export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .describe(
      'at most 200 characters; a retry with the same key and body gets the first answer again (409 CONCURRENCY_CONFLICT while the first is still running)',
    ),
});

/** Headers of a change to a versioned resource: idempotent, and optionally conditional on its version. */
export const WriteHeaders = IdempotencyHeaders.extend({
  'if-match': z
    .string()
    .optional()
    .describe('the ETag read before ("<version>"; W/"<version>" is accepted): another version is a 412'),
});

/** `GET /v1/chargers/{chargerId}/charging-profiles`: desired vs confirmed profiles, with slots and budget. */
export const ChargerProfilesAnswer = z.object({
  chargerId: z.string(),
  items: Twin.shape.profiles,
  slots: Twin.shape.slots,
  writeBudget: Twin.shape.writeBudget,
});

/** `GET /v1/chargers/{chargerId}/events`: a page of the charger stream's events. */
export const EventsPage = z.object({
  items: z.array(EventEnvelope),
  nextFromVersion: z.number().int().positive().nullable(),
});

/** A refusal's body: its specific code at the top level (`details.reason` repeats it, for earlier clients). */
export const ProfileRefusalBody = ErrorBody.extend({
  code: ProfileRefusalCode,
  details: z.object({ reason: ProfileRefusalCode.describe('deprecated: the same as code') }).catchall(z.unknown()),
});

export const ComplianceReportQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export const TwinStreamQuery = z.object({
  chargerId: ChargerId.optional().describe("only this charger's changes"),
});

export const LiveAnswer = z.object({ status: z.literal('ok') });
export const ReadyAnswer = z.object({ ready: z.boolean(), checks: z.record(z.string(), z.boolean()) });

/** The files of the API UI (`/docs/ui/{file}`): Swagger UI's own, and the initializer that points it at `/docs`. */
export const DocsUiFile = z.enum([
  'swagger-ui.css',
  'index.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'swagger-initializer.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
]);
export type DocsUiFile = z.infer<typeof DocsUiFile>;
/** A file of the console's build (`/console/assets/{file}`): a plain name, never a path. */
export const ConsoleAssetPathParams = z.object({
  file: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*\.(js|css|svg|png|woff2?)$/, 'a file of the console build'),
});

/** `GET /v1/tenants`: the tenants (never their keys, which are shown once at creation). */
export const TenantList = z.object({
  items: z.array(z.object({ tenantId: z.string(), name: z.string(), createdAt: z.string() })),
});
export type TenantList = z.infer<typeof TenantList>;

export const DocsUiPathParams = z.object({ file: DocsUiFile });
