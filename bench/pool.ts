// Several runs' results read as one longer run, so the report can give the median of several full runs
// (`npm run bench -- --pool a/result.json --pool b/result.json`). Every ratio in the report is to raw socket.io
// in the same round, so rounds of different runs pool as they are: each keeps its own raw baseline.
// Only runs of the same Node and the same workload settings pool; rounds are numbered on across runs.
import type { BenchConfig, BenchResult, Sample } from './bench.js';

/** A run that went into a pooled result: when it started and how many rounds it gave. */
export interface PooledRun {
  startedAt: string;
  rounds: number;
}

export type PooledResult = BenchResult & { pooledFrom?: PooledRun[] };

/** Why a set of results cannot pool, as one line for the command line. */
export class PoolError extends Error {}

/** The workload settings two runs must share for their rounds to measure the same thing. */
function workloadSettings(config: BenchConfig): string {
  const { mode, echoLean, echoClient, fanout, fanoutBurst, idle, bootOptions } = config;
  return JSON.stringify({ mode, echoLean, echoClient, fanout, fanoutBurst, idle: { ...idle, rounds: 0 }, bootOptions });
}

/** result.json writes a figure that could not be measured (NaN) as null; read it back as NaN. */
function revive(sample: Sample): Sample {
  const metrics = Object.fromEntries(
    Object.entries(sample.metrics).map(([key, value]) => [key, value === null ? Number.NaN : value]),
  );
  return { ...sample, metrics };
}

/**
 * The runs of one Node as one result: samples, boot timings and failures renumbered so that the
 * rounds of the second run follow those of the first, and so on. Throws PoolError when the runs
 * are of different Nodes or different workload settings.
 */
export function poolResults(runs: readonly BenchResult[]): PooledResult {
  const [first] = runs;
  if (first === undefined) throw new PoolError('no results to pool');
  const starts = new Set<string>();
  for (const run of runs) {
    for (const { startedAt } of runsIn(run)) {
      if (starts.has(startedAt)) throw new PoolError(`the run of ${startedAt} is given twice`);
      starts.add(startedAt);
    }
    if (run.machine.node !== first.machine.node)
      throw new PoolError(
        `runs of Node ${first.machine.node} and ${run.machine.node} do not pool; give each Node its own runs`,
      );
    if (workloadSettings(run.config) !== workloadSettings(first.config))
      throw new PoolError(
        `the run of ${run.startedAt} used other workload settings (${run.config.mode} run) than the run of ${first.startedAt} (${first.config.mode} run)`,
      );
  }
  const ordered = [...runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const pooled: PooledResult = {
    machine: ordered[0]!.machine,
    startedAt: ordered[0]!.startedAt,
    config: {
      ...ordered[0]!.config,
      variants: [...new Set(ordered.flatMap((r) => r.config.variants))],
      workloads: [...new Set(ordered.flatMap((r) => r.config.workloads))],
      rounds: 0,
    },
    seconds: 0,
    rounds: 0,
    samples: [],
    boot: [],
    loadAverages: [],
    errors: [],
    pooledFrom: [],
  };
  for (const run of ordered) {
    const offset = pooled.rounds;
    pooled.samples.push(...run.samples.map((s) => revive({ ...s, round: s.round + offset })));
    pooled.boot.push(...run.boot.map((b) => ({ ...b, round: b.round + offset })));
    pooled.errors.push(...run.errors.map((e) => ({ ...e, round: e.round + offset })));
    pooled.loadAverages.push(...run.loadAverages);
    pooled.seconds += run.seconds;
    pooled.rounds += run.rounds;
    pooled.pooledFrom!.push(...runsIn(run));
  }
  pooled.config.rounds = pooled.rounds;
  return pooled;
}

/**
 * The results stored in result.json files (each with the Nodes it ran beside its lead, `otherNodes`),
 * grouped by Node and pooled: the lead Node of the first file first. What else result.json holds
 * (the summaries) is left behind and made anew from the pooled samples.
 */
export function poolFiles(files: readonly { path: string; json: unknown }[]): PooledResult[] {
  const byNode = new Map<string, BenchResult[]>();
  for (const { path, json } of files) {
    if (!isResult(json)) throw new PoolError(`${path} is not a result.json written by the bench`);
    const { otherNodes = [] } = json as { otherNodes?: unknown[] };
    for (const run of [json, ...otherNodes]) {
      if (!isResult(run)) throw new PoolError(`${path} holds a run that is not a bench result`);
      byNode.set(run.machine.node, [...(byNode.get(run.machine.node) ?? []), run]);
    }
  }
  return [...byNode.values()].map(poolResults);
}

/** The runs a result was made of: itself, or the runs it pooled. */
function runsIn(run: PooledResult): PooledRun[] {
  return run.pooledFrom ?? [{ startedAt: run.startedAt, rounds: run.rounds }];
}

function isResult(value: unknown): value is BenchResult {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<BenchResult>;
  return (
    Array.isArray(r.samples) &&
    typeof r.rounds === 'number' &&
    typeof r.startedAt === 'string' &&
    typeof r.machine?.node === 'string' &&
    typeof r.config?.mode === 'string'
  );
}

/** How many runs a result holds (1 unless pooled). */
export function runCount(result: PooledResult): number {
  return runsIn(result).length;
}

/** When the runs of a result started: "2026-12-04 17:50 UTC", or "2026-12-04 17:50, 19:01 and 19:18 UTC". */
export function startTimes(result: PooledResult): string {
  const starts = runsIn(result).map((r) => r.startedAt);
  const firstDay = starts[0]!.slice(0, 10);
  const times = starts.map((start, i) => {
    const [day, time] = start.slice(0, 16).split('T');
    return i === 0 || day !== firstDay ? `${day} ${time}` : time!;
  });
  const last = times.pop()!;
  return `${times.length > 0 ? `${times.join(', ')} and ` : ''}${last} UTC`;
}
