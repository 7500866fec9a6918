import { compareFirmwareVersions, firmwareAtLeast, parseFirmwareVersion } from './firmware.js';

describe('Firmware version predicate', () => {
  describe('given the zappi smart-charging minimum 5.5', () => {
    it.each([
      ['5.5', true],
      ['5.5.0', true],
      ['5.5.1', true],
      ['5.6', true],
      ['6.0', true],
      ['5.114', true],
      ['V5.114', true],
      ['5.10', true],
      ['5.4.9', false],
      ['5.4', false],
      ['5', false],
      ['4.99', false],
    ])('%s satisfies it: %s', (version, expected) => {
      expect(firmwareAtLeast(version, '5.5')).toBe(expected);
    });
  });

  it('compares each dot-separated part as a whole number, missing parts as 0', () => {
    expect(compareFirmwareVersions('5.114', '5.5')).toBe(1);
    expect(compareFirmwareVersions('5.5', '5.5.0')).toBe(0);
    expect(compareFirmwareVersions('5.4.9', '5.5')).toBe(-1);
  });

  it('reads a numeric prefix of each part (5.5.1-rc2) and refuses unreadable versions', () => {
    expect(parseFirmwareVersion('5.5.1-rc2')).toEqual([5, 5, 1]);
    expect(parseFirmwareVersion('beta')).toBeNull();
    expect(parseFirmwareVersion('')).toBeNull();
    expect(firmwareAtLeast('unknown', '5.5')).toBe(false);
  });
});
