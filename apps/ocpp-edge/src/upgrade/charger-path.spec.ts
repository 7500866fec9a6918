import { parseChargerPath } from './charger-path.js';

describe('parseChargerPath', () => {
  it('reads the percent-decoded charger id after /ocpp/', () => {
    expect(parseChargerPath('/ocpp/ZAPPI12345678')).toEqual({ ok: true, chargerId: 'ZAPPI12345678' });
    expect(parseChargerPath('/ocpp/CP%3A01')).toEqual({ ok: true, chargerId: 'CP:01' });
    expect(parseChargerPath('/ocpp/CP-1?foo=bar')).toEqual({ ok: true, chargerId: 'CP-1' });
  });

  it.each(['/', '/ocpp', '/ocpp/', '/other/CP-1', '/ocpp/CP-1/extra', undefined])('answers 404 for %s', (url) => {
    expect(parseChargerPath(url)).toMatchObject({ ok: false, status: 404 });
  });

  it('answers 404 for ids that could never have been registered (space, too long)', () => {
    expect(parseChargerPath('/ocpp/RDAM%20123')).toMatchObject({ ok: false, status: 404 });
    expect(parseChargerPath(`/ocpp/${'x'.repeat(65)}`)).toMatchObject({ ok: false, status: 404 });
  });

  it('answers 400 for broken percent-encoding', () => {
    expect(parseChargerPath('/ocpp/CP%ZZ')).toMatchObject({ ok: false, status: 400 });
  });
});
