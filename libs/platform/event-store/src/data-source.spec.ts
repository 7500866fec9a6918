import { sessionUrl } from './data-source.js';

describe('sessionUrl', () => {
  it('adds the platform session settings to a URL without startup options', () => {
    const url = new URL(sessionUrl('postgres://app@db.internal:5432/chargeplane?sslmode=require'));
    expect(url.searchParams.get('options')).toBe('-c plan_cache_mode=force_custom_plan');
    expect(url.searchParams.get('sslmode')).toBe('require');
    expect(url.pathname).toBe('/chargeplane');
  });

  it('keeps the startup options a URL already carries (a search_path) and adds the settings after them', () => {
    const url = new URL(sessionUrl('postgres://app@localhost/cp?options=-c%20search_path%3Drun_a'));
    expect(url.searchParams.get('options')).toBe('-c search_path=run_a -c plan_cache_mode=force_custom_plan');
  });
});
