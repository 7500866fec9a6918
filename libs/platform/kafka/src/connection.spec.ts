import { clientConnectionOptions, kafkaConnection, type KafkaSecuritySettings } from './connection.js';

const plain: KafkaSecuritySettings = { KAFKA_TLS: false, KAFKA_TLS_REJECT_UNAUTHORIZED: true };
const files: Record<string, string> = {
  '/etc/kafka/ca.pem': 'CA PEM',
  '/etc/kafka/client.pem': 'CERT PEM',
  '/etc/kafka/client.key': 'KEY PEM',
};
const readFile = (path: string) => {
  const text = files[path];
  if (text === undefined) throw new Error('ENOENT: no such file or directory');
  return text;
};

describe('Kafka connection options', () => {
  it('maps brokers and client id, without SASL or TLS by default', () => {
    const options = clientConnectionOptions(kafkaConnection(['k1:9092', 'k2:9092'], 'bridge', plain, readFile));
    expect(options).toEqual({ clientId: 'bridge', bootstrapBrokers: ['k1:9092', 'k2:9092'] });
  });

  it.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const)('maps SASL %s with its credentials', (mechanism) => {
    const settings = { ...plain, KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' };
    const options = clientConnectionOptions(kafkaConnection(['k:9093'], 'bridge', settings, readFile));
    expect(options.sasl).toEqual({ mechanism, username: 'u', password: 'p' });
    expect(options.tls).toBeUndefined();
  });

  it('turns TLS on with the CA, client certificate and key read from their files', () => {
    const settings: KafkaSecuritySettings = {
      ...plain,
      KAFKA_TLS_CA_FILE: '/etc/kafka/ca.pem',
      KAFKA_TLS_CERT_FILE: '/etc/kafka/client.pem',
      KAFKA_TLS_KEY_FILE: '/etc/kafka/client.key',
    };
    const options = clientConnectionOptions(kafkaConnection(['k:9093'], 'bridge', settings, readFile));
    expect(options.tls).toEqual({ ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM', rejectUnauthorized: true });
  });

  it('turns TLS on with the system CAs for KAFKA_TLS=true, and passes rejectUnauthorized=false on', () => {
    const settings = { ...plain, KAFKA_TLS: true, KAFKA_TLS_REJECT_UNAUTHORIZED: false };
    expect(clientConnectionOptions(kafkaConnection(['k:9093'], 'b', settings, readFile)).tls).toEqual({
      rejectUnauthorized: false,
    });
    expect(clientConnectionOptions({ brokers: ['k:9093'], clientId: 'b', tls: true }).tls).toEqual({
      rejectUnauthorized: true,
    });
  });

  it('names the variable and the file it cannot read', () => {
    const settings = { ...plain, KAFKA_TLS_CA_FILE: '/missing/ca.pem' };
    expect(() => kafkaConnection(['k:9093'], 'b', settings, readFile)).toThrow(
      'KAFKA_TLS_CA_FILE: cannot read /missing/ca.pem: ENOENT',
    );
  });

  it('refuses half a client certificate, SASL without credentials and no broker', () => {
    expect(() => clientConnectionOptions({ brokers: ['k:1'], clientId: 'b', tls: { cert: 'C' } })).toThrow(
      'a TLS client certificate and its key go together',
    );
    expect(() =>
      clientConnectionOptions({
        brokers: ['k:1'],
        clientId: 'b',
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: '' },
      }),
    ).toThrow('SASL SCRAM-SHA-512 needs a username and a password');
    expect(() => clientConnectionOptions({ brokers: [], clientId: 'b' })).toThrow('at least one broker');
  });
});
