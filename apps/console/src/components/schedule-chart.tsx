import { LineChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { describeSeries, type CompositeSeries, type SeriesStep } from '../logic/composite-series.js';
import { DelayMarksTable } from './delay-marks-table.js';

echarts.use([
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  MarkAreaComponent,
  MarkLineComponent,
  AriaComponent,
  SVGRenderer,
]);

/** A step series as chart points, closed at the range's end so the last limit shows its whole length. */
const points = (steps: readonly SeriesStep[], toMs: number) =>
  steps.length ? [...steps.map((s) => [s.atMs, s.limit]), [toMs, steps.at(-1)!.limit]] : [];

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/**
 * The expected composite schedule: the limit in force from the confirmed profiles, the desired beside it, peak
 * hours shaded (GB) and boundaries the random delay moved marked (the platform's draws exact, guesses told apart).
 * The text alternative is the aria-label and a table toggle.
 */
export function ScheduleChart({ series }: { series: CompositeSeries }) {
  const ref = useRef<HTMLDivElement>(null);
  const [asTable, setAsTable] = useState(false);
  const description = describeSeries(series);
  useEffect(() => {
    if (!ref.current || asTable) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption({
      aria: { enabled: true, label: { description } },
      animation: false,
      grid: { left: 56, right: 24, top: 40, bottom: 40 },
      legend: { data: ['confirmed', 'desired'], top: 0, right: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time', min: series.fromMs, max: series.toMs },
      yAxis: { type: 'value', name: series.unit, min: 0 },
      series: [
        {
          name: 'confirmed',
          type: 'line',
          step: 'end',
          showSymbol: false,
          lineStyle: { width: 3 },
          data: points(series.confirmed, series.toMs),
          markArea: {
            silent: true,
            itemStyle: { color: 'rgba(220, 80, 60, 0.12)' },
            label: { show: true, position: 'insideTop', color: '#a33' },
            data: series.peaks.map(([from, to]) => [{ xAxis: from, name: 'peak' }, { xAxis: to }]),
          },
          markLine: {
            silent: true,
            symbol: 'none',
            label: { formatter: (p: { name: string }) => p.name },
            // Solid: the platform's draw, exact. Dashed grey: guessed from the seconds past the minute.
            data: series.shifted.map((b) =>
              b.source === 'platform'
                ? {
                    xAxis: b.atMs,
                    name: `+${b.delaySeconds}s`,
                    lineStyle: { type: 'solid', color: '#7a4dbd' },
                    label: { color: '#7a4dbd' },
                  }
                : {
                    xAxis: b.atMs,
                    name: `≥${b.delaySeconds}s?`,
                    lineStyle: { type: 'dashed', color: '#888' },
                    label: { color: '#666' },
                  },
            ),
          },
        },
        {
          name: 'desired',
          type: 'line',
          step: 'end',
          showSymbol: false,
          lineStyle: { type: 'dashed', width: 2 },
          data: points(series.desired, series.toMs),
        },
      ],
    });
    const resize = () => chart.resize();
    addEventListener('resize', resize);
    return () => {
      removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [series, asTable, description]);
  return (
    <figure className="chart">
      <figcaption>
        Expected limit on connector {series.connectorId}, next {Math.round((series.toMs - series.fromMs) / 3_600_000)} h
        (UTC){series.peaks.length ? '; peak hours shaded' : ''}
        {series.shifted.some((b) => b.source === 'platform')
          ? "; solid marks: boundaries the platform's random delay moved (exact draw)"
          : ''}
        {series.shifted.some((b) => b.source === 'guessed')
          ? '; dashed marks: off the whole minute (delay guessed)'
          : ''}
        {series.delayBy === 'device' ? '; the charger adds its own random delay at each change (not known ahead)' : ''}.{' '}
        <button type="button" aria-pressed={asTable} onClick={() => setAsTable((t) => !t)}>
          {asTable ? 'Show chart' : 'Show as table'}
        </button>
      </figcaption>
      {asTable ? (
        <table data-testid="schedule-table">
          <thead>
            <tr>
              <th scope="col">From (UTC)</th>
              <th scope="col">Confirmed limit</th>
            </tr>
          </thead>
          <tbody>
            {series.confirmed.map((s) => (
              <tr key={s.atMs}>
                <td>{new Date(s.atMs).toISOString().slice(0, 16).replace('T', ' ')}</td>
                <td>{s.limit === null ? 'no limit' : `${s.limit} ${series.unit}`}</td>
              </tr>
            ))}
          </tbody>
          <tbody>
            <tr>
              <th scope="rowgroup" colSpan={2}>
                Desired
              </th>
            </tr>
            {series.desired.map((s) => (
              <tr key={`d${s.atMs}`}>
                <td>{new Date(s.atMs).toISOString().slice(0, 16).replace('T', ' ')}</td>
                <td>{s.limit === null ? 'no limit' : `${s.limit} ${series.unit}`}</td>
              </tr>
            ))}
          </tbody>
          <DelayMarksTable marks={series.shifted} />
        </table>
      ) : (
        <div ref={ref} className="chart-canvas" role="img" aria-label={description} data-testid="schedule-chart" />
      )}
      <p className="sr-only">{series.peaks.map(([a, b]) => `peak ${hhmm(a)}–${hhmm(b)}`).join(', ')}</p>
    </figure>
  );
}
