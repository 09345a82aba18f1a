import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { historySeries, type ChartRun } from './history-series.js';
import { formatBytes, formatDuration, formatTime } from './vault-rows.js';
import { countOf } from '../format/plural.js';

const noLine = () => null;

/** Size and duration of the last runs (uPlot, ~50 KB); failed runs are red diamonds. A table says the same for screen readers. */
export function HistoryChart({ records }: { records: readonly ChartRun[] }) {
  const box = useRef<HTMLDivElement>(null);
  const s = historySeries(records);
  const key = JSON.stringify([s.x, s.size, s.sizeUnit, s.seconds, s.failedSeconds]);
  useEffect(() => {
    const el = box.current;
    if (!el || s.x.length === 0) return;
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height: 220,
      scales: { x: { time: true }, mb: { auto: true, range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] }, sec: { auto: true, range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
      axes: [
        {
          // The day with the time of day; seconds only when runs are seconds apart.
          incrs: [1, 5, 15, 60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 30 * 86400],
          space: 110,
          values: (_u, splits, _axis, _space, incr) =>
            splits.map((v) =>
              new Date(v * 1000).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(incr < 60 ? { second: '2-digit' } : {}) }),
            ),
        },
        { scale: 'mb', label: `Size (${s.sizeUnit})`, stroke: '#1f5fbf' },
        { scale: 'sec', label: 'Duration (s)', side: 1, grid: { show: false }, stroke: '#7a4b00' },
      ],
      series: [
        {},
        { label: `Size (${s.sizeUnit})`, scale: 'mb', stroke: '#1f5fbf', width: 2, spanGaps: true, points: { show: true, size: 7 } },
        { label: 'Duration (s)', scale: 'sec', stroke: '#b36b00', width: 2, dash: [6, 4], spanGaps: true, points: { show: true, size: 7 } },
        { label: 'Failed', scale: 'sec', stroke: '#b3261e', width: 0, paths: noLine, points: { show: true, size: 12, fill: '#b3261e', stroke: '#b3261e' } },
      ],
      legend: { show: true },
    };
    const plot = new uPlot(opts, [s.x, s.size, s.seconds, s.failedSeconds] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height: 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [key]);

  return (
    <figure className="history" aria-labelledby="history-caption">
      <figcaption id="history-caption">
        <h3>History of the last {countOf(s.x.length, 'run')}</h3>
        <span className="hint">Size and duration of each run; red marks are failed runs.</span>
      </figcaption>
      {s.x.length === 0 ? <p>No finished HotBackups yet.</p> : <div ref={box} className="history-plot" aria-hidden="true" data-testid="history-plot" />}
      <table className="sr-only">
        <caption>Recent runs</caption>
        <thead>
          <tr>
            <th>ID</th>
            <th>Started</th>
            <th>Result</th>
            <th>Size</th>
            <th>Duration</th>
          </tr>
        </thead>
        <tbody>
          {s.runs.map((r, i) => {
            return (
              <tr key={r.id}>
                <td>{r.id}</td>
                <td>{formatTime(r.started)}</td>
                <td>{r.result}</td>
                <td>{formatBytes(r.bytes)}</td>
                <td>{formatDuration(s.seconds[i] ?? null)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}
