import { z } from 'zod';
import { boolFlag } from './env-fields.js';

/**
 * How a Kafka client authenticates and encrypts (docs/operations/runbook.md, "Kafka security"). Spread into the
 * config schema of a service that talks to Kafka, with `.superRefine(checkKafkaSecurity)`; the files are read
 * when the service connects (`kafkaConnection` in @chargeplane/platform-kafka).
 */
export const kafkaSecurityFields = {
  KAFKA_SASL_MECHANISM: z
    .enum(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'])
    .optional()
    .describe('SASL mechanism (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512). Not set: no SASL authentication.'),
  KAFKA_SASL_USERNAME: z.string().min(1).optional().describe('SASL user name; required with KAFKA_SASL_MECHANISM.'),
  KAFKA_SASL_PASSWORD: z
    .string()
    .min(1)
    .optional()
    .describe('SASL password; required with KAFKA_SASL_MECHANISM (a secret: pass it from a secret store).'),
  KAFKA_TLS: boolFlag(false).describe(
    'Connect to the brokers over TLS. Implied by any KAFKA_TLS_* file; without a CA file the system CAs are trusted.',
  ),
  KAFKA_TLS_CA_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('PEM file of the CA(s) that signed the brokers’ certificates (instead of the system CAs).'),
  KAFKA_TLS_CERT_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('PEM client certificate for mutual TLS; requires KAFKA_TLS_KEY_FILE.'),
  KAFKA_TLS_KEY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('PEM private key of the client certificate; requires KAFKA_TLS_CERT_FILE.'),
  KAFKA_TLS_REJECT_UNAUTHORIZED: boolFlag(true).describe(
    'Refuse brokers whose certificate does not verify against the CAs. false only for a test cluster.',
  ),
};

type KafkaSecurityValues = z.output<z.ZodObject<typeof kafkaSecurityFields>>;

/** The rules between the fields: a mechanism needs both credentials, a certificate needs its key. */
export function checkKafkaSecurity(config: KafkaSecurityValues, ctx: z.RefinementCtx): void {
  const mechanism = config.KAFKA_SASL_MECHANISM;
  for (const field of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
    if (mechanism && !config[field])
      ctx.addIssue({ code: 'custom', path: [field], message: `required when KAFKA_SASL_MECHANISM is ${mechanism}` });
    if (!mechanism && config[field])
      ctx.addIssue({ code: 'custom', path: [field], message: 'set KAFKA_SASL_MECHANISM too, or leave it out' });
  }
  if (Boolean(config.KAFKA_TLS_CERT_FILE) !== Boolean(config.KAFKA_TLS_KEY_FILE))
    ctx.addIssue({
      code: 'custom',
      path: [config.KAFKA_TLS_CERT_FILE ? 'KAFKA_TLS_KEY_FILE' : 'KAFKA_TLS_CERT_FILE'],
      message: 'a client certificate and its key go together (mutual TLS)',
    });
}
