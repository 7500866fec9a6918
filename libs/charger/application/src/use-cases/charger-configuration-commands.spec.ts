import { ChargerConfigurationCommands } from './charger-configuration-commands.js';
import { ChargerRegistration } from './charger-registration.js';
import { chargerRig } from './use-cases.spec-support.js';

const tenantA = { tenantId: 'tenant-A', correlationId: 'c-1' };

describe('ChargerConfigurationCommands (and its write status)', () => {
  it('given an offline charger, when compliance-gb wants a value, then awaiting-connection; the same again is still awaiting it', async () => {
    const rig = chargerRig();
    await new ChargerRegistration(rig.service, rig.streams, 'ws://e', rig.credentials).register(tenantA, {
      chargerId: 'Z-1',
      model: 'zappi',
      tags: [],
    });
    const configuration = new ChargerConfigurationCommands(rig.service, rig.ownership);
    const change = { key: 'RandomisedDelayMaxSeconds', value: '600', reason: 'gb' };
    expect(await configuration.setDesired(tenantA, 'Z-1', change)).toBe('awaiting-connection');
    expect(await configuration.setDesired(tenantA, 'Z-1', change)).toBe('awaiting-connection');
    await expect(
      configuration.setDesired({ tenantId: 'tenant-B', correlationId: 'c' }, 'Z-1', change),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
