import { loadConfig } from '@chargeplane/platform-config';
import { ComplianceGbConfig } from './config.schema.js';

describe('compliance-gb configuration', () => {
  it('defaults to a 10-minute onboarding grace, 32 A outside peak, 7-day horizons re-issued 12 h ahead', () => {
    expect(loadConfig('compliance-gb', ComplianceGbConfig, {})).toMatchObject({
      OFF_PEAK_GRACE_SECONDS: 600,
      OFF_PEAK_ALLOW_LIMIT_A: 32,
      OFF_PEAK_HORIZON_DAYS: 7,
      OFF_PEAK_LEAD_SECONDS: 43_200,
      COMPLIANCE_RETRY_SECONDS: 900,
      COMPLIANCE_METRICS_PORT: 9467,
    });
  });

  it('fails fast on a value out of range, naming the variable', () => {
    expect(() => loadConfig('compliance-gb', ComplianceGbConfig, { OFF_PEAK_HORIZON_DAYS: '30' })).toThrow(
      /OFF_PEAK_HORIZON_DAYS/,
    );
  });
});
