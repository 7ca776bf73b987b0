// Number formatting shared by the Markdown report and the SVG chart.
import type { MetricDef } from './metrics.js';
import type { Spread } from './stats.js';

function significant(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function formatValue(value: number, unit: MetricDef['unit']): string {
  switch (unit) {
    case 'µs':
      return `${significant(value)} µs`;
    case 'ms':
      return `${significant(value)} ms`;
    case '/s':
      return value >= 1000 ? `${significant(value / 1000)}k/s` : `${significant(value)}/s`;
    case 'B':
      return Math.abs(value) >= 1024 ? `${significant(value / 1024)} KB` : `${significant(value)} B`;
  }
}

export function formatSpread(s: Spread, unit: MetricDef['unit']): string {
  if (s.n <= 1) return formatValue(s.median, unit);
  return `${formatValue(s.median, unit)} (${formatValue(s.min, unit)}–${formatValue(s.max, unit)})`;
}

export function formatRatio(s: Spread): string {
  if (s.n <= 1) return `${s.median.toFixed(2)}×`;
  return `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
}

export function formatShare(s: Spread): string {
  return `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
}
