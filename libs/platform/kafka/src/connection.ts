import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { BaseOptions, SASLMechanismValue } from '@platformatic/kafka';

/** SASL credentials: PLAIN or SCRAM (the mechanisms Kafka brokers offer for user/password). */
export interface KafkaSasl {
  mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
  username: string;
  password: string;
}

/** TLS to the brokers. PEM text, not file names (`kafkaConnection` reads the files). */
export interface KafkaTls {
  /** CAs that signed the brokers' certificates; the system CAs when left out. */
  ca?: string;
  /** Client certificate and key, for mutual TLS (both or neither). */
  cert?: string;
  key?: string;
  /** Refuse a broker whose certificate does not verify (default true). */
  rejectUnauthorized?: boolean;
}

/** Where a Kafka client connects and how it authenticates: what every client here is built from. */
export interface KafkaConnection {
  brokers: readonly string[];
  clientId: string;
  sasl?: KafkaSasl;
  /** true: TLS with the system CAs; an object: TLS with these settings; left out or false: plaintext. */
  tls?: boolean | KafkaTls;
}

/** The options every client of `@platformatic/kafka` (producer, consumer, admin) takes from a connection. */
export type ClientConnectionOptions = Pick<BaseOptions, 'clientId' | 'bootstrapBrokers' | 'sasl' | 'tls'>;

/**
 * Maps a connection to the client's options: brokers and client id as given; SASL mechanism and credentials;
 * TLS on with `tls: true` or an object (CA, client certificate and key, `rejectUnauthorized` defaulting to
 * true). Throws on a half-given client certificate, so a misconfiguration fails at start, not at the handshake.
 */
export function clientConnectionOptions(connection: KafkaConnection): ClientConnectionOptions {
  if (connection.brokers.length === 0) throw new Error('Kafka connection: at least one broker (host:port)');
  const options: ClientConnectionOptions = {
    clientId: connection.clientId,
    bootstrapBrokers: [...connection.brokers],
  };
  if (connection.sasl) {
    const { mechanism, username, password } = connection.sasl;
    if (!username || !password) throw new Error(`Kafka connection: SASL ${mechanism} needs a username and a password`);
    options.sasl = { mechanism: mechanism satisfies SASLMechanismValue, username, password };
  }
  const tls = connection.tls === true ? {} : connection.tls || undefined;
  if (tls) {
    if (Boolean(tls.cert) !== Boolean(tls.key))
      throw new Error('Kafka connection: a TLS client certificate and its key go together');
    const mapped: TlsOptions = { rejectUnauthorized: tls.rejectUnauthorized ?? true };
    if (tls.ca) mapped.ca = tls.ca;
    if (tls.cert) mapped.cert = tls.cert;
    if (tls.key) mapped.key = tls.key;
    options.tls = mapped;
  }
  return options;
}

/** The environment fields of `kafkaSecurityFields` (@chargeplane/platform-config), once parsed. */
export interface KafkaSecuritySettings {
  KAFKA_SASL_MECHANISM?: KafkaSasl['mechanism'] | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
  KAFKA_TLS: boolean;
  KAFKA_TLS_CA_FILE?: string | undefined;
  KAFKA_TLS_CERT_FILE?: string | undefined;
  KAFKA_TLS_KEY_FILE?: string | undefined;
  KAFKA_TLS_REJECT_UNAUTHORIZED: boolean;
}

/**
 * A connection from a service's parsed configuration: the PEM files are read here (a missing file is named in
 * the error). TLS is on with KAFKA_TLS=true or as soon as one of its files is given.
 */
export function kafkaConnection(
  brokers: readonly string[],
  clientId: string,
  settings: KafkaSecuritySettings,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): KafkaConnection {
  const read = (variable: string, path: string | undefined): string | undefined => {
    if (!path) return undefined;
    try {
      return readFile(path);
    } catch (cause) {
      throw new Error(`${variable}: cannot read ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, {
        cause,
      });
    }
  };
  const connection: KafkaConnection = { brokers, clientId };
  if (settings.KAFKA_SASL_MECHANISM)
    connection.sasl = {
      mechanism: settings.KAFKA_SASL_MECHANISM,
      username: settings.KAFKA_SASL_USERNAME ?? '',
      password: settings.KAFKA_SASL_PASSWORD ?? '',
    };
  const files = [settings.KAFKA_TLS_CA_FILE, settings.KAFKA_TLS_CERT_FILE, settings.KAFKA_TLS_KEY_FILE];
  if (settings.KAFKA_TLS || files.some(Boolean)) {
    const tls: KafkaTls = { rejectUnauthorized: settings.KAFKA_TLS_REJECT_UNAUTHORIZED };
    const ca = read('KAFKA_TLS_CA_FILE', settings.KAFKA_TLS_CA_FILE);
    const cert = read('KAFKA_TLS_CERT_FILE', settings.KAFKA_TLS_CERT_FILE);
    const key = read('KAFKA_TLS_KEY_FILE', settings.KAFKA_TLS_KEY_FILE);
    if (ca) tls.ca = ca;
    if (cert) tls.cert = cert;
    if (key) tls.key = key;
    connection.tls = tls;
  }
  return connection;
}
