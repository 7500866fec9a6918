import { parseChargerPath } from './charger-path.js';

describe('parseChargerPath', () => {
  describe('/ocpp/{chargerId}', () => {
    it('reads the percent-decoded charger id, without a tenant', () => {
      expect(parseChargerPath('/ocpp/ZAPPI12345678')).toEqual({ ok: true, chargerId: 'ZAPPI12345678' });
      expect(parseChargerPath('/ocpp/CP%3A01')).toEqual({ ok: true, chargerId: 'CP:01' });
      expect(parseChargerPath('/ocpp/CP-1?foo=bar')).toEqual({ ok: true, chargerId: 'CP-1' });
    });

    it.each(['/', '/ocpp', '/ocpp/', '/ocpp//', '/other/CP-1', '/ocpp/CP-1/', undefined])(
      'answers 404 for %s',
      (url) => {
        expect(parseChargerPath(url)).toMatchObject({ ok: false, status: 404 });
      },
    );

    it('answers 404 for ids that could never have been registered (space, slash, too long)', () => {
      expect(parseChargerPath('/ocpp/RDAM%20123')).toMatchObject({ ok: false, status: 404 });
      expect(parseChargerPath('/ocpp/CP%2F1')).toMatchObject({ ok: false, status: 404 });
      expect(parseChargerPath(`/ocpp/${'x'.repeat(64)}`)).toMatchObject({ ok: true });
      expect(parseChargerPath(`/ocpp/${'x'.repeat(65)}`)).toMatchObject({ ok: false, status: 404 });
    });

    it('answers 400 for broken percent-encoding', () => {
      expect(parseChargerPath('/ocpp/CP%ZZ')).toMatchObject({ ok: false, status: 400 });
      expect(parseChargerPath('/ocpp/CP%E2%82')).toMatchObject({ ok: false, status: 400 });
    });
  });

  describe('/ocpp/{tenantId}/{chargerId}', () => {
    it('reads both segments, each percent-decoded on its own', () => {
      expect(parseChargerPath('/ocpp/tnt_0123abcd/ZAPPI-1')).toEqual({
        ok: true,
        tenantId: 'tnt_0123abcd',
        chargerId: 'ZAPPI-1',
      });
      expect(parseChargerPath('/ocpp/tenant%2Da/CP%3A01?x=1')).toEqual({
        ok: true,
        tenantId: 'tenant-a',
        chargerId: 'CP:01',
      });
    });

    it.each(['/ocpp//CP-1', '/ocpp/tenant-a/', '/ocpp/tenant-a//CP-1', '/ocpp/tenant-a/CP-1/', '/ocpp/a/b/c'])(
      'answers 404 for empty or extra segments: %s',
      (url) => {
        expect(parseChargerPath(url)).toMatchObject({ ok: false, status: 404 });
      },
    );

    it('answers 404 for a tenant or charger id that could never exist (space, slash, too long)', () => {
      expect(parseChargerPath('/ocpp/ten%20ant/CP-1')).toMatchObject({ ok: false, status: 404 });
      expect(parseChargerPath('/ocpp/ten%2Fant/CP-1')).toMatchObject({ ok: false, status: 404 });
      expect(parseChargerPath('/ocpp/tenant-a/CP%2F1')).toMatchObject({ ok: false, status: 404 });
      expect(parseChargerPath(`/ocpp/${'t'.repeat(64)}/CP-1`)).toMatchObject({ ok: true });
      expect(parseChargerPath(`/ocpp/${'t'.repeat(65)}/CP-1`)).toMatchObject({ ok: false, status: 404 });
      expect(parseChargerPath(`/ocpp/tenant-a/${'x'.repeat(65)}`)).toMatchObject({ ok: false, status: 404 });
    });

    it('answers 400 for broken percent-encoding in either segment', () => {
      expect(parseChargerPath('/ocpp/tenant%ZZ/CP-1')).toMatchObject({ ok: false, status: 400 });
      expect(parseChargerPath('/ocpp/tenant-a/CP%')).toMatchObject({ ok: false, status: 400 });
    });
  });
});
