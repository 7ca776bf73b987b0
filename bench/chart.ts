// The chart in docs/performance.md: for each cost figure, one bar per framework variant showing
// its cost relative to raw socket.io in the same round (median), against a line at 1.00×.
// Shorter is better everywhere. Plain SVG, written by hand, no dependencies.
import { formatValue } from './format.js';
import { WORKLOAD_LABELS } from './metrics.js';
import type { Summary } from './summary.js';
import { BASELINE, VARIANTS, type VariantId } from './variants.js';

const COLORS: Record<VariantId, string> = {
  raw: '#6b7280',
  'socketeer-sync': '#0f766e',
  'socketeer-async': '#14b8a6',
  'socketeer-await': '#2dd4bf',
  'socketeer-zod': '#5eead4',
  nest: '#e11d48',
  'raw-again': '#d1d5db',
  'raw-als': '#a5b4fc',
  'raw-als-async': '#6366f1',
  'raw-async': '#818cf8',
  'raw-imports': '#c7d2fe',
  'socketeer-metrics': '#0e7490',
  'socketeer-tracing-idle': '#155e75',
};

const WIDTH = 820;
const LABEL_WIDTH = 300;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - 80;
const BAR = 13;
const BAR_GAP = 3;
const GROUP_GAP = 16;
const TOP = 74;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderChart(summary: Summary, subtitle: string): string {
  const rows = summary.rows.filter((r) => r.metric.chart);
  // Controls that explain a single figure (`only`) are in that table, not in the chart.
  const variants = VARIANTS.filter(
    (v) => v.id !== BASELINE && v.only === undefined && rows.some((r) => r.cells.some((c) => c.variant === v.id)),
  );
  const maxRatio = Math.max(
    1.25,
    ...rows.flatMap((r) => r.cells.map((c) => c.ratio?.median ?? 0)).filter(Number.isFinite),
  );
  const scale = (ratio: number): number => (Math.min(ratio, maxRatio) / maxRatio) * PLOT_WIDTH;
  const groupHeight = variants.length * (BAR + BAR_GAP) + GROUP_GAP;
  const height = TOP + rows.length * groupHeight + 36;
  const out: string[] = [];

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="16" font-weight="600" fill="#111827">Cost relative to socket.io written by hand (1.00× = raw; shorter is better)</text>`,
    `<text x="16" y="42" fill="#4b5563">${escapeXml(subtitle)}</text>`,
  );
  // Legend
  let lx = 16;
  for (const v of variants) {
    out.push(`<rect x="${lx}" y="52" width="12" height="12" fill="${COLORS[v.id]}"/>`);
    out.push(`<text x="${lx + 16}" y="62" fill="#111827">${escapeXml(v.label)}</text>`);
    lx += 22 + v.label.length * 7;
  }

  rows.forEach((row, i) => {
    const y0 = TOP + i * groupHeight;
    const raw = row.cells.find((c) => c.variant === BASELINE);
    out.push(
      `<text x="16" y="${y0 + 14}" font-weight="600" fill="#111827">${escapeXml(`${WORKLOAD_LABELS[row.metric.workload]}`)}</text>`,
    );
    out.push(
      `<text x="16" y="${y0 + 30}" fill="#374151">${escapeXml(`${row.metric.label}${raw ? ` (raw: ${formatValue(raw.value.median, row.metric.unit)})` : ''}`)}</text>`,
    );
    variants.forEach((v, j) => {
      const cell = row.cells.find((c) => c.variant === v.id);
      const ratio = cell?.ratio?.median;
      const y = y0 + j * (BAR + BAR_GAP);
      if (ratio === undefined || !Number.isFinite(ratio)) {
        out.push(`<text x="${LABEL_WIDTH + 4}" y="${y + BAR - 2}" fill="#9ca3af">not measured</text>`);
        return;
      }
      const w = Math.max(1, scale(ratio));
      out.push(
        `<rect x="${LABEL_WIDTH}" y="${y}" width="${w.toFixed(1)}" height="${BAR}" fill="${COLORS[v.id]}"><title>${escapeXml(`${v.label}: ${ratio.toFixed(3)}×`)}</title></rect>`,
      );
      out.push(
        `<text x="${(LABEL_WIDTH + w + 4).toFixed(1)}" y="${y + BAR - 2}" fill="#111827">${ratio.toFixed(2)}×</text>`,
      );
    });
  });

  // Reference line at 1.00× and the axis.
  const x1 = LABEL_WIDTH + scale(1);
  const bottom = TOP + rows.length * groupHeight - GROUP_GAP + 4;
  out.push(`<line x1="${LABEL_WIDTH}" y1="${TOP - 4}" x2="${LABEL_WIDTH}" y2="${bottom}" stroke="#9ca3af"/>`);
  out.push(
    `<line x1="${x1.toFixed(1)}" y1="${TOP - 4}" x2="${x1.toFixed(1)}" y2="${bottom}" stroke="#111827" stroke-dasharray="4 3"/>`,
  );
  out.push(
    `<text x="${x1.toFixed(1)}" y="${bottom + 16}" text-anchor="middle" fill="#111827">1.00× raw socket.io</text>`,
  );
  out.push('</svg>', '');
  return out.join('\n');
}
