import type { ChildProcess } from 'node:child_process';
import type { CompliancePolicyView } from '@chargeplane/contracts-api';
import { secondsFromNow } from '@chargeplane/platform-testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot } from './browser.js';
import { api, freePort, startCharger, startHarness, type Harness } from './e2e-harness.js';

/** Generous waits for a loaded 2-core machine: every wait is a locator condition, never a sleep. */
const WAIT = { timeout: 90_000 };
/** The zappi answers SetChargingProfile 12 s late (the edge waits 30 s): the console shows the write dispatched first, on a loaded machine too. */
const ANSWER_DELAY_SECONDS = 12;

describe('Operator console in a real Chromium, against the platform and simulated zappis', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let key: string;
  const chargers = ['CONSOLE-ZAPPI-1', 'CONSOLE-ZAPPI-2'];
  const sims: ChildProcess[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    h = await startHarness();
    const { apiUrl, ocppUrl } = h.platform;
    const tenant = await api<{ apiKey: string }>(apiUrl, 'POST', '/v1/tenants', h.adminKey, { name: 'console' });
    key = tenant.body.apiKey;
    for (const chargerId of chargers) {
      const registered = await api<{ password: string }>(apiUrl, 'POST', '/v1/chargers', key, {
        chargerId,
        model: 'zappi',
        jurisdiction: 'GB',
        tags: ['console-e2e'],
      });
      if (registered.status !== 201) throw new Error(`${chargerId} not registered: ${registered.status}`);
      sims.push(
        startCharger({
          ocppUrl,
          id: chargerId,
          password: registered.body.password,
          controlPort: await freePort(),
          extra: ['--jurisdiction', 'GB', '--answer-delay', `SetChargingProfile=${ANSWER_DELAY_SECONDS}`],
        }),
      );
    }
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.setDefaultTimeout(WAIT.timeout);
    page.on('pageerror', (error) => console.error(`console page error: ${error.message}`));
  });

  // A failed step leaves its page and the twins it was waiting on for the reader of the log.
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail' || !page) return;
    await screenshot(page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
    for (const chargerId of chargers)
      console.error(JSON.stringify((await api(h.platform.apiUrl, 'GET', `/v1/chargers/${chargerId}`, key)).body));
  });

  afterAll(async () => {
    for (const sim of sims) sim.kill('SIGTERM');
    await browser?.close();
    await h?.stop();
  });

  it('signs in with a tenant key (a bad key gets a clear message) and shows the fleet', async () => {
    await page.goto(`${h.platform.apiUrl}/console/`);
    await page.getByLabel('API key').fill('not-a-key-of-anyone');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'This key is not known' }).waitFor(WAIT);
    await screenshot(page, 'sign-in');
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Fleet' }).waitFor(WAIT);
    for (const chargerId of chargers) await page.getByRole('link', { name: chargerId }).waitFor(WAIT);
    await page
      .getByTestId('count-Chargers')
      .filter({ hasText: String(chargers.length) })
      .waitFor(WAIT);
    // Both connect and boot: the table follows the live stream, without a reload.
    await page.locator('tbody tr', { hasText: chargers[1]! }).getByText('connected').waitFor(WAIT);
    await page.getByLabel('Charger id starts with').fill('CONSOLE-ZAPPI-2');
    await page.getByText('1 chargers on this page').waitFor(WAIT);
    await page.getByLabel('Charger id starts with').fill('');
    await page.getByText(`${chargers.length} chargers on this page`).waitFor(WAIT);
    await screenshot(page, 'fleet');
  });

  it('opens a charger and shows its facts, slots, write budget and expected schedule chart', async () => {
    await page.getByRole('link', { name: chargers[0]! }).click();
    await page.getByRole('heading', { name: `Charger ${chargers[0]}` }).waitFor(WAIT);
    await page.getByTestId('fact-Firmware').filter({ hasText: /\d/ }).waitFor(WAIT);
    await page.getByTestId('schedule-chart').locator('svg').waitFor(WAIT);
    await page.getByTestId('budget-timeline').waitFor(WAIT);
    await page.getByTestId('events-table').locator('tbody tr').first().waitFor(WAIT);
    await page.getByRole('button', { name: 'Show as table' }).click();
    await page.getByTestId('schedule-table').waitFor(WAIT);
    await page.getByRole('button', { name: 'Show chart' }).click();
    expect(await page.getByTestId('schedule-chart').getAttribute('aria-label')).toMatch(
      /Expected limit on connector 1/,
    );
  });

  it('sends a profile through the form and shows it dispatched, then in sync, without a reload', async () => {
    const url = page.url();
    await page.getByRole('button', { name: 'New profile' }).click();
    const form = page.getByRole('form', { name: 'Send profile' });
    await form.getByLabel('Profile id').fill('');
    await form.getByRole('button', { name: 'Send profile' }).click();
    // Checked in the browser with the API's schema: nothing was sent, the error is at the field.
    await page.getByTestId('profile-chargingProfileId-error').waitFor(WAIT);
    await form.getByLabel('Profile id').fill('10');
    await form.getByLabel('Connector (0: whole charger)').fill('1');
    await form.getByLabel('Period 1 limit').fill('14');
    await form.getByRole('button', { name: 'Send profile' }).click();
    await page.getByTestId('sync-10').filter({ hasText: 'dispatched' }).waitFor(WAIT);
    await screenshot(page, 'charger-dispatched');
    await page.getByTestId('sync-10').filter({ hasText: 'in-sync' }).waitFor(WAIT);
    expect(page.url()).toBe(url);
    expect(await page.getByTestId('schedule-chart').getAttribute('aria-label')).toMatch(
      /confirmed: from \d\d:\d\d UTC 14 A/,
    );
    await screenshot(page, 'charger');
  });

  it('shows the reason of a refused profile at the field it concerns', async () => {
    await page.getByRole('button', { name: 'New profile' }).click();
    const form = page.getByRole('form', { name: 'Send profile' });
    await form.getByLabel('Profile id').fill('11');
    await form.getByLabel('Connector (0: whole charger)').fill('1');
    await form.getByRole('button', { name: 'Add period' }).click();
    await form.getByLabel('Period 1 start (s)').fill('3600');
    await form.getByLabel('Period 2 start (s)').fill('7200');
    await form.getByLabel('Period 2 limit').fill('10');
    await form.getByRole('button', { name: 'Send profile' }).click();
    const error = page.getByTestId('profile-periods-0-startPeriod-error');
    await error.waitFor(WAIT);
    expect(await error.textContent()).toMatch(/^FIRST_PERIOD_NOT_ZERO: /);
    await screenshot(page, 'charger-refused');
  });

  it('runs a bulk assignment to a tag and shows its progress reach 100 %', async () => {
    await page.getByRole('link', { name: '← Fleet' }).click();
    await page.getByRole('heading', { name: 'Bulk assignment' }).waitFor(WAIT);
    await page.getByLabel('Tag to assign to').fill('console-e2e');
    const form = page.getByRole('form', { name: 'Assign profile' });
    await form.getByLabel('Profile id').fill('20');
    await form.getByLabel('Connector (0: whole charger)').fill('1');
    await form.getByLabel('Period 1 limit').fill('12');
    await form.getByRole('button', { name: 'Assign profile' }).click();
    await page
      .getByTestId('assignment-progress')
      .filter({ hasText: `${chargers.length} of ${chargers.length} (100 %)` })
      .waitFor(WAIT);
    expect(await page.locator('#assignment-bar').getAttribute('value')).toBe('100');
    await screenshot(page, 'bulk-assignment');
  });

  it('checks a charger for drift from its page and shows the report in words', async () => {
    await page.getByRole('link', { name: chargers[0]! }).click();
    await page.getByRole('heading', { name: `Charger ${chargers[0]}` }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Check for drift now' }).click();
    await page.getByTestId('drift-result').waitFor(WAIT);
    expect(await page.getByTestId('drift-outcome').textContent()).toMatch(/^(in-agreement|drift|inconclusive)$/);
    // The zappi answered GetConfiguration: its keys were compared with the twin's.
    expect(await page.getByTestId('drift-configuration').textContent()).toMatch(
      /^Configuration: (match|mismatch), [1-9]\d* keys compared, \d+ difference/,
    );
    expect(await page.getByTestId('drift-schedule').textContent()).toMatch(/^Composite schedule on connector 1: /);
    await page.getByRole('button', { name: 'Check for drift now' }).waitFor(WAIT);
  });

  it('changes the GB compliance settings in the form: bad maxima refused at the field, the saved one and its draws shown', async () => {
    const chargerId = chargers[0]!;
    const { apiUrl } = h.platform;
    const compliance = async () =>
      (await api<CompliancePolicyView>(apiUrl, 'GET', `/v1/chargers/${chargerId}/compliance`, key)).body;
    // 16 A, 8 A from +30 min, 16 A from +1 h, for a day: boundaries ahead for the platform to delay.
    const profile = {
      connectorId: 1,
      chargingProfile: {
        chargingProfileId: 30,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: {
          startSchedule: secondsFromNow(-60),
          duration: 86_400,
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 16 },
            { startPeriod: 1800, limit: 8 },
            { startPeriod: 3600, limit: 16 },
          ],
        },
      },
    };
    expect((await api(apiUrl, 'PUT', `/v1/chargers/${chargerId}/charging-profiles/30`, key, profile)).status).toBe(202);
    await page.getByTestId('sync-30').waitFor(WAIT);
    await page.getByTestId('platform-delays-none').filter({ hasText: 'device mode' }).waitFor(WAIT);
    // Marks the page: still there at the end means nothing below reloaded it.
    await page.evaluate(() => ((globalThis as unknown as Record<string, unknown>)['e2eMarker'] = 'kept'));
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().endsWith('/compliance')) sent.push(r.url());
    });
    const settings = page.getByRole('form', { name: 'Compliance settings' });
    const save = settings.getByRole('button', { name: 'Save compliance settings' });
    for (const bad of ['0', '5000']) {
      await settings.getByLabel('Maximum delay (s, 1–1800)').fill(bad);
      await save.click();
      await page.getByTestId('gb-max-delay-error').waitFor(WAIT);
    }
    expect(sent).toEqual([]);

    /** The platform's draws for profile 30 as the panel lists them, once they equal what GET …/compliance reports. */
    const drawsShown = async (maxDelaySeconds: number) => {
      await page
        .getByTestId('platform-delay-30')
        .filter({ hasText: `maximum ${maxDelaySeconds} s` })
        .first()
        .waitFor(WAIT);
      await expect
        .poll(
          async () => {
            const reported = (await compliance()).platformDelays.find((d) => d.chargingProfileId === 30);
            const rows = page.getByTestId('platform-delay-30').getByTestId('platform-delay-seconds');
            const shown = (await rows.allTextContents()).join();
            return (
              reported?.maxDelaySeconds === maxDelaySeconds &&
              shown === reported.boundaries.map((b) => `+${b.delaySeconds} s`).join()
            );
          },
          { timeout: WAIT.timeout, interval: 1000 },
        )
        .toBe(true);
      return (await compliance()).platformDelays.find((d) => d.chargingProfileId === 30)!;
    };
    await settings.getByLabel('Randomised delay applied by').selectOption('platform');
    await settings.getByLabel('Maximum delay (s, 1–1800)').fill('300');
    await save.click();
    await page.getByTestId('compliance-max-delay').filter({ hasText: 'maximum delay 300 s' }).waitFor(WAIT);
    expect(await page.getByTestId('gb-max-delay-error').count()).toBe(0);
    await drawsShown(300);

    await settings.getByLabel('Maximum delay (s, 1–1800)').fill('120');
    await save.click();
    await page.getByTestId('compliance-max-delay').filter({ hasText: 'maximum delay 120 s' }).waitFor(WAIT);
    const drawn = await drawsShown(120);
    expect(drawn.boundaries.every((b) => b.delaySeconds <= 120)).toBe(true);
    expect(sent).toHaveLength(2);
    // The chart marks the boundaries the platform moved, each with its delay in its text alternative.
    const [first] = drawn.boundaries.filter((b) => !b.atWrite);
    await expect
      .poll(async () => page.getByTestId('schedule-chart').getAttribute('aria-label'), { timeout: WAIT.timeout })
      .toContain(`+${first!.delaySeconds} s (platform draw, profile 30)`);
    expect(await page.evaluate(() => (globalThis as unknown as Record<string, unknown>)['e2eMarker'])).toBe('kept');
    await screenshot(page, 'charger-gb-delays');
  });

  it('lets the operator admin list tenants and create one, its key shown once', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').fill(h.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Tenants' }).waitFor(WAIT);
    await page.getByRole('cell', { name: 'console', exact: true }).waitFor(WAIT);
    await page.getByLabel('New tenant name').fill('console-new');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    const newKey = await page.getByTestId('new-api-key').textContent(WAIT);
    expect((await api(h.platform.apiUrl, 'GET', '/v1/fleet/summary', newKey!)).status).toBe(200);
    await page.getByRole('cell', { name: 'console-new', exact: true }).waitFor(WAIT);
    await screenshot(page, 'admin');
  });
});
