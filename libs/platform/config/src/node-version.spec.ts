import { requireSupportedNode } from './node-version.js';

describe('requireSupportedNode', () => {
  it('refuses a Node older than 24.11 and names the fix', () => {
    expect(() => requireSupportedNode('20.20.2')).toThrow(/24\.11 or later is needed, this is 20\.20\.2.*setup\.sh/);
    expect(() => requireSupportedNode('24.10.0')).toThrow(/this is 24\.10\.0/);
  });

  it('accepts 24.11 and later', () => {
    for (const version of ['24.11.0', '24.21.0', '25.0.0']) expect(() => requireSupportedNode(version)).not.toThrow();
  });
});
