/** The bench's printed table. */
import { meetsAim, median, METRICS, worst, type MetricKey, type MetricSpec, type Results } from './metrics.js';

const format = (spec: MetricSpec, value: number): string =>
  spec.unit === 'rows' ? `${Math.round(value).toLocaleString('en-US')} rows` : `${value.toFixed(1)} ${spec.unit}`;

const aimText = (spec: MetricSpec): string => (spec.aim === undefined ? '' : `${spec.lowerIsWorse ? '≥' : '≤'} ${format(spec, spec.aim)}`);

/** How the figures compare with the aim: blank when within it (or without one). */
function verdict(spec: MetricSpec, mid: number, bad: number): string {
  if (meetsAim(spec, bad) !== false) return '';
  return meetsAim(spec, mid) ? 'worst run misses the aim' : 'misses the aim';
}

function row(key: MetricKey, results: Results): string[] {
  const spec: MetricSpec = METRICS[key];
  const values = results.values.get(key) ?? [];
  if (values.length === 0) return [spec.label, 'not measured', '', '', aimText(spec), ''];
  const mid = median(values);
  const bad = worst(spec, values);
  return [spec.label, format(spec, mid), format(spec, bad), String(values.length), aimText(spec), verdict(spec, mid, bad)];
}

/** The table of figures, one line per figure, columns padded. */
export function table(results: Results): string {
  const header = ['Measurement', 'median', 'worst', 'runs', 'aim', ''];
  const rows = [header, ...(Object.keys(METRICS) as MetricKey[]).map((key) => row(key, results))];
  const widths = header.map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  const line = (r: string[]) =>
    r
      .map((cell, col) => (col === 0 || col === r.length - 1 ? cell.padEnd(widths[col]) : cell.padStart(widths[col])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}
