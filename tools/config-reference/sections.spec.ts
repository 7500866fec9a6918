import { rowsOf, undescribed } from './render.js';
import { configSections } from './sections.js';

describe("the apps' env schemas in the reference", () => {
  it('given every app schema, when the reference is built, then every variable has a description', () => {
    expect(undescribed(configSections())).toEqual([]);
  });

  it('given a default computed on the host, when it is shown, then the reference names it instead of this machine', () => {
    const edge = configSections().find((s) => s.title === 'ocpp-edge')!;
    expect(rowsOf(edge.schema).find((r) => r.variable === 'EDGE_ID')?.default).toBe('`<hostname>-<pid>`');
  });

  it('given the admin key and the credential pepper without a default, when they are shown, then they are the required variables of profile-command', () => {
    const api = configSections().find((s) => s.title === 'profile-command')!;
    expect(
      rowsOf(api.schema)
        .filter((r) => r.required)
        .map((r) => r.variable),
    ).toEqual(['CHARGEPLANE_ADMIN_KEY', 'CREDENTIAL_PEPPER']);
  });
});
