import { ConfigError, loadConfig } from '@chargeplane/platform-config';
import { EdgeConfigSchema } from './config.schema.js';

const PEPPER = { CREDENTIAL_PEPPER: 'edge-config-test-pepper-0123456789abcdef' };

describe('EdgeConfigSchema', () => {
  it('has the documented defaults', () => {
    const config = loadConfig('ocpp-edge', EdgeConfigSchema, PEPPER);
    expect(config).toMatchObject({
      EDGE_PORT: 9000,
      EDGE_HOST: '0.0.0.0',
      EDGE_METRICS_PORT: 9464,
      NATS_URL: 'nats://127.0.0.1:4222',
      NATS_PREFIX: '',
      OCPP_CALL_TIMEOUT_MS: 30_000,
      MAX_FRAME_BYTES: 65_536,
      AUTH_CACHE_SECONDS: 30,
      UV_THREADPOOL_SIZE: 4,
      AUTH_FAILURE_BURST_PER_ADDRESS: 20,
      AUTH_FAILURES_PER_MINUTE_PER_ADDRESS: 10,
      AUTH_FAILURE_BURST_PER_CHARGER: 5,
      AUTH_FAILURES_PER_MINUTE_PER_CHARGER: 2,
    });
    expect(config.CREDENTIAL_PEPPER_PREVIOUS).toBeUndefined();
    expect(config.TLS_CERT_FILE).toBeUndefined();
    expect(config.EDGE_ID).toMatch(/-\d+$/);
  });

  it('parses numbers from the environment and refuses half a TLS setup', () => {
    const load = (env: Record<string, string>) => loadConfig('ocpp-edge', EdgeConfigSchema, { ...PEPPER, ...env });
    expect(load({ OCPP_CALL_TIMEOUT_MS: '60000' }).OCPP_CALL_TIMEOUT_MS).toBe(60_000);
    expect(() => load({ TLS_CERT_FILE: '/etc/edge.pem' })).toThrow(ConfigError);
    expect(() => load({ MAX_FRAME_BYTES: '0' })).toThrow(ConfigError);
  });

  it('requires a credential pepper of at least 32 characters and says how to make one', () => {
    expect(() => loadConfig('ocpp-edge', EdgeConfigSchema, {})).toThrow(
      /CREDENTIAL_PEPPER: set CREDENTIAL_PEPPER to a secret of at least 32 characters \(openssl rand -base64 32\) \(not set\)/,
    );
    expect(() => loadConfig('ocpp-edge', EdgeConfigSchema, { CREDENTIAL_PEPPER: 'too-short' })).toThrow(
      /CREDENTIAL_PEPPER: CREDENTIAL_PEPPER must be at least 32 characters/,
    );
    expect(() => loadConfig('ocpp-edge', EdgeConfigSchema, { ...PEPPER, CREDENTIAL_PEPPER_PREVIOUS: 'short' })).toThrow(
      /CREDENTIAL_PEPPER_PREVIOUS must be at least 32 characters/,
    );
    expect(loadConfig('ocpp-edge', EdgeConfigSchema, { ...PEPPER, CREDENTIAL_PEPPER_PREVIOUS: '' })).toMatchObject({
      CREDENTIAL_PEPPER_PREVIOUS: undefined,
    });
  });
});
