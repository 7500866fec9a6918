import { parseBasicAuth } from './basic-auth.js';

const header = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;

describe('parseBasicAuth', () => {
  it('splits user and password at the first colon; the password may contain colons', () => {
    expect(parseBasicAuth(header('CP-1:se:cret'), 'CP-1')).toEqual({ username: 'CP-1', password: 'se:cret' });
    expect(parseBasicAuth(header('OTHER:key'), 'CP-1')).toEqual({ username: 'OTHER', password: 'key' });
  });

  it('takes the expected charger id as the username even when it contains a colon', () => {
    expect(parseBasicAuth(header('CP:01:key'), 'CP:01')).toEqual({ username: 'CP:01', password: 'key' });
  });

  it('accepts the scheme in any case and an empty password', () => {
    expect(parseBasicAuth(`basic ${Buffer.from('CP-1:').toString('base64')}`, 'CP-1')).toEqual({
      username: 'CP-1',
      password: '',
    });
  });

  it.each([undefined, '', 'Bearer abc', 'Basic', 'Basic !!!', header('no-colon')])('rejects %s', (value) => {
    expect(parseBasicAuth(value, 'CP-1')).toBeUndefined();
  });
});
