import { z } from 'zod';
import { checkKafkaSecurity, kafkaSecurityFields } from './kafka-security.js';

const schema = z.object(kafkaSecurityFields).superRefine(checkKafkaSecurity);
const problems = (env: Record<string, string>) => {
  const result = schema.safeParse(env);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('Kafka security settings', () => {
  it('default to plaintext without SASL, and verify broker certificates once TLS is on', () => {
    expect(schema.parse({})).toEqual({ KAFKA_TLS: false, KAFKA_TLS_REJECT_UNAUTHORIZED: true });
  });

  it('take a SASL mechanism with both credentials, and TLS flags as true/false', () => {
    expect(
      schema.parse({
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
        KAFKA_SASL_USERNAME: 'bridge',
        KAFKA_SASL_PASSWORD: 'secret',
        KAFKA_TLS: 'true',
        KAFKA_TLS_REJECT_UNAUTHORIZED: 'false',
      }),
    ).toMatchObject({ KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256', KAFKA_TLS: true, KAFKA_TLS_REJECT_UNAUTHORIZED: false });
  });

  it('refuse a mechanism Kafka does not offer for passwords, or one without its credentials', () => {
    expect(problems({ KAFKA_SASL_MECHANISM: 'GSSAPI', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
      expect.stringMatching(/^KAFKA_SASL_MECHANISM: /),
    ]);
    expect(problems({ KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: 'u' })).toEqual([
      'KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is PLAIN',
    ]);
    expect(problems({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
      'KAFKA_SASL_USERNAME: set KAFKA_SASL_MECHANISM too, or leave it out',
      'KAFKA_SASL_PASSWORD: set KAFKA_SASL_MECHANISM too, or leave it out',
    ]);
  });

  it('refuse a client certificate without its key', () => {
    expect(problems({ KAFKA_TLS_CERT_FILE: '/etc/kafka/client.pem' })).toEqual([
      'KAFKA_TLS_KEY_FILE: a client certificate and its key go together (mutual TLS)',
    ]);
  });
});
