import type { PlatformDelayView } from '@chargeplane/contracts-api';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ShiftedBoundary } from '../logic/delay-marks.js';
import { DelayMarksTable } from './delay-marks-table.js';
import { PlatformDelaysList } from './platform-delays-list.js';

// The test's clock: the draws below lie after it.
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
/** The text a reader gets: React's markers between adjacent texts dropped, elements as spaces. */
const text = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('The text alternatives of the GB random delays', () => {
  it('lists each moved boundary in the schedule table, the platform’s draw told apart from a guess', () => {
    const marks: ShiftedBoundary[] = [
      { source: 'platform', atMs: now + 137_000, nominalAtMs: now, delaySeconds: 137, chargingProfileId: 7 },
      { source: 'guessed', atMs: now + 600_000, nominalAtMs: now + 540_000, delaySeconds: 17, chargingProfileId: null },
    ];
    const html = renderToStaticMarkup(createElement('table', null, createElement(DelayMarksTable, { marks })));
    expect(html.match(/data-source="platform"/g)).toHaveLength(1);
    expect(html.match(/data-source="guessed"/g)).toHaveLength(1);
    expect(text(html)).toContain('+137 s (platform draw, profile 7)');
    expect(text(html)).toContain('at least +17 s past the minute (guessed)');
    expect(renderToStaticMarkup(createElement(DelayMarksTable, { marks: [] }))).toBe('');
  });

  it('shows the platform’s draws in the compliance panel with the delay, its range and the maximum it was drawn under', () => {
    const delays: PlatformDelayView[] = [
      {
        chargingProfileId: 30,
        connectorId: 1,
        drawnAt: iso(now),
        maxDelaySeconds: 120,
        boundaries: [
          {
            change: 'increase',
            nominalStartPeriod: 1800,
            nominalAt: iso(now + 1_800_000),
            delayedAt: iso(now + 1_800_000 + 95_000),
            delaySeconds: 95,
            boundSeconds: 120,
            atWrite: false,
          },
        ],
        repeatsEverySeconds: 86_400,
        redrawAt: iso(now + 3_600_000),
      },
    ];
    const html = text(renderToStaticMarkup(createElement(PlatformDelaysList, { delays, platformDelayActive: true })));
    expect(html).toContain('+95 s');
    expect(html).toContain('0–120 s, maximum 120 s; every day until the re-draw at');
    expect(html).toContain(
      `${iso(now + 1_800_000 + 95_000)
        .slice(0, 19)
        .replace('T', ' ')} UTC`,
    );
  });

  it('says who delays when the platform drew nothing', () => {
    const device = renderToStaticMarkup(createElement(PlatformDelaysList, { delays: [], platformDelayActive: false }));
    expect(text(device)).toContain('applied by the charger itself at each change (device mode)');
  });
});
