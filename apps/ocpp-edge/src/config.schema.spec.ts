import { ConfigError, loadConfig } from '@chargeplane/platform-config';
import { EdgeConfigSchema } from './config.schema.js';

describe('EdgeConfigSchema', () => {
  it('has the documented defaults', () => {
    const config = loadConfig('ocpp-edge', EdgeConfigSchema, {});
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
    });
    expect(config.TLS_CERT_FILE).toBeUndefined();
    expect(config.EDGE_ID).toMatch(/-\d+$/);
  });

  it('parses numbers from the environment and refuses half a TLS setup', () => {
    expect(loadConfig('ocpp-edge', EdgeConfigSchema, { OCPP_CALL_TIMEOUT_MS: '60000' }).OCPP_CALL_TIMEOUT_MS).toBe(
      60_000,
    );
    expect(() => loadConfig('ocpp-edge', EdgeConfigSchema, { TLS_CERT_FILE: '/etc/edge.pem' })).toThrow(ConfigError);
    expect(() => loadConfig('ocpp-edge', EdgeConfigSchema, { MAX_FRAME_BYTES: '0' })).toThrow(ConfigError);
  });
});
