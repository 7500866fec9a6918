import { parseDrillArgs, parseReplicas } from './options.js';

const defaults = { outDir: '/tmp/drill', seed: 'default-seed' };

describe('drill options', () => {
  it('reads the flags of npm run drill', () => {
    const o = parseDrillArgs(['--minutes', '5', '--chargers', '50', '--seed', 's1', '--clock-speed', '60'], defaults);
    expect(o).toMatchObject({ minutes: 5, chargers: 50, seed: 's1', clockSpeed: 60, outDir: '/tmp/drill' });
    expect(o.replicas['device-twin']).toBe(2);
  });

  it('takes a replica count for every service and per service', () => {
    expect(parseReplicas('3,device-twin=1')).toEqual({
      'profile-command': 3,
      'device-twin': 1,
      'compliance-gb': 3,
      'kafka-bridge': 3,
      'ocpp-edge': 3,
    });
    expect(() => parseReplicas('twin=2')).toThrow('no service "twin"');
    expect(() => parseReplicas('0')).toThrow('not a replica count');
  });

  it('refuses a drill too short for every fault kind and an unknown flag', () => {
    expect(() => parseDrillArgs(['--minutes', '2'], defaults)).toThrow('--minutes: the drill needs at least 3 minutes');
    expect(() => parseDrillArgs(['--minute', '3'], defaults)).toThrow();
  });
});
