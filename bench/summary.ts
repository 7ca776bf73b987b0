// Reduces the samples of a run: per figure and variant, the median over rounds with its spread,
// and the ratio (and difference) to raw socket.io measured in the same round; then the targets.
import type { BenchResult, Sample } from './bench.js';
import {
  BOOT_TARGET_MS,
  type CONTEXT_KEYS,
  FEATURE_TARGETS,
  METRICS,
  TARGETS,
  type MetricDef,
  type WorkloadId,
} from './metrics.js';
import { spread, type Spread } from './stats.js';
import { BASELINE, VARIANTS, type VariantId } from './variants.js';

export interface Cell {
  variant: VariantId;
  value: Spread;
  /** value / raw value of the same round; absent for raw itself. */
  ratio?: Spread;
  /** value - raw value of the same round; absent for raw itself. */
  delta?: Spread;
}

export interface Row {
  metric: MetricDef;
  cells: Cell[];
}

export interface Check {
  label: string;
  measured: string;
  /** The median is within the target. */
  pass: boolean;
  /**
   * false when the median's 95 % interval holds the target, or when fewer than six rounds give no
   * such interval: the rounds cannot tell met from missed, and more rounds (or a quieter machine)
   * are needed. Absent for checks that are not a bound on a median over rounds.
   */
  settled?: boolean;
}

/** met / missed, and whether the rounds could tell (see `Check.settled`). */
export function verdict(c: Check): string {
  return `${c.pass ? 'met' : 'MISSED'}${c.settled === false ? ' (not settled)' : ''}`;
}

/** What a bound on a median can say, given the median's 95 % interval (`undefined`: too few rounds). */
function settledAgainst(s: Spread, bound: number): boolean {
  return s.ci95 !== undefined && (s.ci95.high <= bound || s.ci95.low > bound);
}

/** A median over rounds as a check reports it: with its 95 % interval, or below six rounds its min–max. */
function describeMedian(s: Spread, median: (v: number) => string, bound = median): string {
  return s.ci95 === undefined
    ? `${median(s.median)} (${bound(s.min)}–${bound(s.max)}, ${s.n} round(s))`
    : `${median(s.median)} (95 % interval ${bound(s.ci95.low)}–${bound(s.ci95.high)}, ${s.n} rounds)`;
}

const times = (v: number) => `${v.toFixed(3)}×`;
const ratioBound = (v: number) => v.toFixed(2);
const bytes = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(0)} B`;

export interface Summary {
  rows: Row[];
  boot: { bootMs: Spread; decorateMs: Spread; controllers: number; handlers: number } | undefined;
  /** Per workload: the load generator's and everything else's share of a core, median over samples. */
  load: { workload: WorkloadId; loadgenCoreShare: Spread; otherCoreShare: Spread; serverCoreShare: Spread }[];
  checks: Check[];
}

function pick(samples: readonly Sample[], metric: MetricDef, variant: VariantId): Map<number, number> {
  const byRound = new Map<number, number>();
  for (const s of samples) {
    const value = s.metrics[metric.key];
    if (s.workload === metric.workload && s.variant === variant && value !== undefined) byRound.set(s.round, value);
  }
  return byRound;
}

export function summarize(result: BenchResult): Summary {
  const variants = VARIANTS.filter((v) => result.config.variants.includes(v.id)).map((v) => v.id);
  const rows: Row[] = METRICS.map((metric) => {
    const baseline = pick(result.samples, metric, BASELINE);
    const measuredHere = variants.filter((id) => {
      const only = VARIANTS.find((v) => v.id === id)?.only;
      return only === undefined || only.includes(metric.workload);
    });
    const cells = measuredHere.map((variant): Cell => {
      const values = pick(result.samples, metric, variant);
      const cell: Cell = { variant, value: spread([...values.values()]) };
      if (variant === BASELINE) return cell;
      const paired = [...values].flatMap(([round, v]) => {
        const base = baseline.get(round);
        return base === undefined ? [] : [[v, base] as const];
      });
      // A ratio to a baseline of zero or less (an RSS delta that rounded to nothing) says nothing.
      const ratios = paired.filter(([, base]) => base > 0).map(([v, base]) => v / base);
      if (ratios.length > 0) cell.ratio = spread(ratios);
      cell.delta = spread(paired.map(([v, base]) => v - base));
      return cell;
    });
    return { metric, cells };
  });

  const boot =
    result.boot.length === 0
      ? undefined
      : {
          bootMs: spread(result.boot.map((b) => b.bootMs)),
          decorateMs: spread(result.boot.map((b) => b.decorateMs)),
          controllers: result.boot[0]?.controllers ?? 0,
          handlers: result.boot[0]?.handlers ?? 0,
        };

  const workloads = [...new Set(METRICS.map((m) => m.workload))].filter((w) => w !== 'idle');
  const load = workloads.map((workload) => {
    const of = (key: (typeof CONTEXT_KEYS)[number]): Spread =>
      spread(result.samples.filter((s) => s.workload === workload).map((s) => s.metrics[key] ?? Number.NaN));
    return {
      workload,
      loadgenCoreShare: of('loadgenCoreShare'),
      otherCoreShare: of('otherCoreShare'),
      serverCoreShare: of('serverCoreShare'),
    };
  });

  return { rows, boot, load, checks: [...check(rows, boot), ...checkFeatures(result.samples, rows)] };
}

function findCell(rows: readonly Row[], workload: WorkloadId, key: string, variant: VariantId): Cell | undefined {
  return rows
    .find((r) => r.metric.workload === workload && r.metric.key === key)
    ?.cells.find((c) => c.variant === variant);
}

function check(rows: readonly Row[], boot: Summary['boot']): Check[] {
  const checks: Check[] = [];
  for (const target of TARGETS) {
    const cell = findCell(rows, target.workload, target.key, target.variant);
    const metric = METRICS.find((m) => m.workload === target.workload && m.key === target.key);
    if (!cell || !metric || !Number.isFinite(cell.value.median)) continue;
    const what = `${labelOf(target.variant)}: ${metric.label} (${target.workload})`;
    if (target.maxRatio !== undefined && cell.ratio) {
      checks.push({
        label: `${what} ≤ ${target.maxRatio.toFixed(2)}× raw`,
        measured: describeMedian(cell.ratio, times, ratioBound),
        pass: cell.ratio.median <= target.maxRatio,
        settled: settledAgainst(cell.ratio, target.maxRatio),
      });
    }
    if (target.maxDelta !== undefined && cell.delta) {
      checks.push({
        label: `${what} ≤ raw + ${target.maxDelta} B`,
        measured: describeMedian(cell.delta, bytes),
        pass: cell.delta.median <= target.maxDelta,
        settled: settledAgainst(cell.delta, target.maxDelta),
      });
    }
  }
  if (boot) {
    checks.push({
      label: `Socketeer boot, ${boot.controllers} controllers × ${boot.handlers} handlers < ${BOOT_TARGET_MS} ms`,
      measured: `${boot.bootMs.median.toFixed(1)} ms`,
      pass: boot.bootMs.median < BOOT_TARGET_MS,
    });
  }
  // Ahead of NestJS on every figure: per Socketeer variant, how many figures beat Nest's median,
  // and the closest call (the figure where Socketeer is nearest to Nest, as Socketeer's cost / Nest's).
  const socketeer = [...new Set(rows.flatMap((r) => r.cells.map((c) => c.variant)))].filter((v) =>
    v.startsWith('socketeer'),
  );
  for (const variant of socketeer) {
    const compared = rows.flatMap((row) => {
      const nest = row.cells.find((c) => c.variant === 'nest');
      const mine = row.cells.find((c) => c.variant === variant);
      if (!nest || !mine) return [];
      const ratio = mine.value.median / nest.value.median;
      return [{ row, cost: row.metric.lowerIsBetter ? ratio : 1 / ratio }];
    });
    if (compared.length === 0) continue;
    const ahead = compared.filter((c) => c.cost < 1).length;
    const closest = compared.reduce((a, b) => (b.cost > a.cost ? b : a));
    checks.push({
      label: `${labelOf(variant)} ahead of the NestJS gateway on every figure`,
      measured: `${ahead}/${compared.length}; closest: ${closest.row.metric.label} (${closest.row.metric.workload}) at ${closest.cost.toFixed(2)}× Nest's cost`,
      pass: ahead === compared.length,
    });
  }
  return checks;
}

/** The per-round ratio of one variant to another on one figure. */
function pairedRatios(samples: readonly Sample[], metric: MetricDef, variant: VariantId, against: VariantId): Spread {
  const base = pick(samples, metric, against);
  const ratios = [...pick(samples, metric, variant)].flatMap(([round, v]) => {
    const b = base.get(round);
    return b === undefined || b <= 0 ? [] : [v / b];
  });
  return spread(ratios);
}

function checkFeatures(samples: readonly Sample[], rows: readonly Row[]): Check[] {
  return FEATURE_TARGETS.flatMap((target): Check[] => {
    const metric = METRICS.find((m) => m.workload === target.workload && m.key === target.key);
    if (!metric) return [];
    const ratio = pairedRatios(samples, metric, target.variant, target.against);
    if (ratio.n === 0) return [];
    const what = `${labelOf(target.variant)}: ${metric.label} (${target.workload}) against ${labelOf(target.against)}`;
    const measured = describeMedian(ratio, times, ratioBound);
    const checks: Check[] = [];
    if (target.maxRatio !== undefined)
      checks.push({
        label: `${what} ≤ ${target.maxRatio.toFixed(2)}×`,
        measured,
        pass: ratio.median <= target.maxRatio,
        settled: settledAgainst(ratio, target.maxRatio),
      });
    if (target.withinNoise) {
      // With six rounds or more: is any difference from the app without the feature measurable?
      // Below that, the rough question: is it within what the A/A control moved?
      const aa = findCell(rows, target.workload, target.key, 'raw-again')?.ratio;
      if (ratio.ci95 !== undefined)
        checks.push({
          label: `${what}: no difference measurable (its 95 % interval holds 1.00)`,
          measured,
          pass: ratio.ci95.low <= 1 && ratio.ci95.high >= 1,
        });
      else if (aa !== undefined && aa.n > 0) {
        const noise = Math.max(Math.abs(aa.max - 1), Math.abs(aa.min - 1));
        checks.push({
          label: `${what} within the A/A noise (±${noise.toFixed(3)})`,
          measured,
          pass: Math.abs(ratio.median - 1) <= noise,
        });
      }
    }
    return checks;
  });
}

export function labelOf(variant: VariantId): string {
  return VARIANTS.find((v) => v.id === variant)?.label ?? variant;
}
