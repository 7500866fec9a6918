import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

describe('the operator console served on the API origin, and the tenants it lists (real PostgreSQL and NATS)', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'cp-console-'));
  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script src="/console/assets/index-abc123.js"></script>');
    writeFileSync(join(dir, 'assets/index-abc123.js'), 'console.log("console")');
    writeFileSync(join(dir, 'assets/app-def456.js'), `export const rows = [${'"row", '.repeat(2000)}];`);
    t = await startTestApp({ CONSOLE_DIR: dir });
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page at /console and /console/, and its hashed assets as immutable', async () => {
    for (const url of ['/console', '/console/']) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('/console/assets/index-abc123.js');
    }
    const asset = await t.app.inject({ method: 'GET', url: '/console/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('sends the scripts gzipped to a browser that accepts gzip, and as they are to one that does not', async () => {
    const url = '/console/assets/app-def456.js';
    const plain = await t.app.inject({ method: 'GET', url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const packed = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(packed.statusCode).toBe(200);
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(packed.headers['vary']).toBe('accept-encoding');
    expect(packed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 10);
    expect(gunzipSync(packed.rawPayload).toString()).toBe(plain.body);
  });

  it('answers 404 for a file the build does not have and 422 for a name that is not a plain file name', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/console/assets/missing-1.js' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/console/assets/..%2Findex.html' })).statusCode).toBe(422);
    expect((await t.app.inject({ method: 'GET', url: '/console/assets/index.html' })).statusCode).toBe(422);
  });

  it('lists the tenants to the admin key only, never their keys', async () => {
    const created = await t.call('POST', '/v1/tenants', adminKey, { name: 'listed' });
    const list = await t.call('GET', '/v1/tenants', adminKey);
    expect(list.status).toBe(200);
    const items = list.body['items'] as { tenantId: string; name: string; createdAt: string }[];
    expect(items.find((i) => i.tenantId === created.body['tenantId'])).toMatchObject({ name: 'listed' });
    expect(JSON.stringify(list.body)).not.toContain(String(created.body['apiKey']));
    expect((await t.call('GET', '/v1/tenants', String(created.body['apiKey']))).status).toBe(403);
  });
});
