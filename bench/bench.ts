// The bench itself: rounds of every workload against every server variant, interleaved, each
// server a fresh process; then Socketeer's boot time. Returns every sample; summary.ts reduces them.
import { describeMachine, loadAverage, waitForQuiet, type MachineInfo } from './machine.js';
import type { WorkloadId } from './metrics.js';
import { ServerProcess } from './server-process.js';
import { rotate, VARIANTS, type Variant, type VariantId } from './variants.js';
import { runBoot, type BootOptions, type BootResult } from './workloads/boot.js';
import { runEcho, type EchoOptions } from './workloads/echo.js';
import { runFanout, type FanoutOptions } from './workloads/fanout.js';
import { runIdleMemory, type IdleMemoryOptions } from './workloads/idle-memory.js';

export type Mode = 'full' | 'quick' | 'tiny';

export interface BenchConfig {
  mode: Mode;
  rounds: number;
  variants: VariantId[];
  workloads: WorkloadId[];
  /** Whether each round also times Socketeer's boot. */
  boot: boolean;
  /** Measure a sample again when other processes disturbed its window (see sampleWithRetry). */
  retryDisturbed: boolean;
  /** No round starts after this many ms, so the run stays bounded whatever the retries cost. */
  startRoundsUntilMs: number;
  echoLean: Omit<EchoOptions, 'client'>;
  echoClient: Omit<EchoOptions, 'client'>;
  fanout: FanoutOptions;
  idle: IdleMemoryOptions;
  bootOptions: BootOptions;
}

const ALL: VariantId[] = VARIANTS.map((v) => v.id);
const WORKLOADS: WorkloadId[] = ['echo-lean', 'echo-client', 'fanout', 'idle'];

export const CONFIGS: Record<Mode, BenchConfig> = {
  full: {
    mode: 'full',
    rounds: 5,
    variants: ALL,
    workloads: WORKLOADS,
    boot: true,
    retryDisturbed: true,
    startRoundsUntilMs: 7 * 60_000,
    echoLean: { connections: 50, warmupMs: 1000, durationMs: 3000 },
    echoClient: { connections: 50, warmupMs: 1000, durationMs: 2000 },
    fanout: { clients: 500, rooms: 10, warmupMs: 1000, durationMs: 3000 },
    idle: { clients: 2000, settleMs: 500 },
    bootOptions: { controllers: 200, handlers: 10 },
  },
  quick: {
    mode: 'quick',
    rounds: 1,
    variants: ALL,
    workloads: WORKLOADS,
    boot: true,
    retryDisturbed: true,
    startRoundsUntilMs: 60_000,
    echoLean: { connections: 50, warmupMs: 300, durationMs: 700 },
    echoClient: { connections: 20, warmupMs: 300, durationMs: 500 },
    fanout: { clients: 200, rooms: 10, warmupMs: 300, durationMs: 700 },
    idle: { clients: 500, settleMs: 200 },
    bootOptions: { controllers: 200, handlers: 10 },
  },
  tiny: {
    mode: 'tiny',
    rounds: 1,
    variants: ALL,
    workloads: WORKLOADS,
    boot: true,
    retryDisturbed: false,
    startRoundsUntilMs: 60_000,
    echoLean: { connections: 2, warmupMs: 50, durationMs: 200 },
    echoClient: { connections: 2, warmupMs: 50, durationMs: 200 },
    fanout: { clients: 4, rooms: 2, warmupMs: 50, durationMs: 200 },
    idle: { clients: 10, settleMs: 50 },
    bootOptions: { controllers: 3, handlers: 2 },
  },
};

export interface Sample {
  round: number;
  workload: WorkloadId;
  variant: VariantId;
  metrics: Record<string, number>;
}

export interface BenchResult {
  config: BenchConfig;
  machine: MachineInfo;
  startedAt: string;
  seconds: number;
  /** Rounds actually run (fewer than config.rounds when time ran out). */
  rounds: number;
  samples: Sample[];
  boot: (BootResult & { round: number })[];
  /** Load averages (1, 5, 15 min) before the first round and after each round. */
  loadAverages: [number, number, number][];
  errors: { round: number; workload: WorkloadId | 'boot'; variant: VariantId; message: string }[];
}

export interface RunOptions {
  log?: (line: string) => void;
  /** Node flags for the server process of one variant and workload, e.g. --cpu-prof. */
  nodeFlags?: (variant: Variant, workload: WorkloadId) => string[];
}

async function measure(workload: WorkloadId, server: ServerProcess, config: BenchConfig): Promise<object> {
  switch (workload) {
    case 'echo-lean':
      return runEcho(server, { client: 'lean', ...config.echoLean });
    case 'echo-client':
      return runEcho(server, { client: 'socket.io-client', ...config.echoClient });
    case 'fanout':
      return runFanout(server, config.fanout);
    case 'idle':
      return runIdleMemory(server, config.idle);
  }
}

async function sampleOnce(workload: WorkloadId, variant: Variant, config: BenchConfig, options: RunOptions): Promise<Record<string, number>> {
  const server = await ServerProcess.spawn({
    script: variant.script,
    args: variant.args,
    nodeFlags: options.nodeFlags?.(variant, workload) ?? [],
  });
  try {
    return numbersOf(await measure(workload, server, config));
  } finally {
    await server.stop();
  }
}

/**
 * Other processes on this shared machine come and go. Before each sample the bench waits a little
 * for a quiet moment, and a window in which other processes took more than DISTURBED_SHARE of a
 * core is measured again (once, and only in the first RETRY_UNTIL_MS of the run, so the run stays
 * bounded); the sample records how many attempts it took.
 */
const DISTURBED_SHARE = 0.3;
const RETRY_UNTIL_MS = 6 * 60_000;
const QUIET_WAIT_MS = 2000;

async function sampleWithRetry(
  round: number,
  workload: WorkloadId,
  variant: Variant,
  config: BenchConfig,
  options: RunOptions,
  started: number,
): Promise<Sample> {
  const mayWait = (): boolean => config.retryDisturbed && Date.now() - started < RETRY_UNTIL_MS;
  if (mayWait()) await waitForQuiet(QUIET_WAIT_MS);
  let metrics = await sampleOnce(workload, variant, config, options);
  let attempts = 1;
  while (
    mayWait() &&
    (metrics.otherCoreShare ?? 0) > DISTURBED_SHARE &&
    attempts < 2
  ) {
    options.log?.(`  (other processes took ${metrics.otherCoreShare?.toFixed(2)} of a core; measuring ${variant.id} again)`);
    await waitForQuiet(QUIET_WAIT_MS);
    metrics = await sampleOnce(workload, variant, config, options);
    attempts++;
  }
  return { round, workload, variant: variant.id, metrics: { ...metrics, attempts } };
}

function numbersOf(result: object): Record<string, number> {
  return Object.fromEntries(Object.entries(result).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}

export async function runBench(config: BenchConfig, options: RunOptions = {}): Promise<BenchResult> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const variants = VARIANTS.filter((v) => config.variants.includes(v.id));
  const result: BenchResult = {
    config,
    machine: describeMachine(),
    startedAt: new Date(started).toISOString(),
    seconds: 0,
    rounds: 0,
    samples: [],
    boot: [],
    loadAverages: [loadAverage()],
    errors: [],
  };
  for (let round = 0; round < config.rounds; round++) {
    if (round > 0 && Date.now() - started > config.startRoundsUntilMs) {
      log(`stopping after ${round} round(s): the run has used its time`);
      break;
    }
    result.rounds = round + 1;
    for (const workload of config.workloads) {
      for (const variant of rotate(variants, round)) {
        try {
          const sample = await sampleWithRetry(round, workload, variant, config, options, started);
          result.samples.push(sample);
          log(`round ${round + 1}/${config.rounds} ${workload.padEnd(11)} ${variant.id.padEnd(15)} ${brief(sample.metrics)}`);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          result.errors.push({ round, workload, variant: variant.id, message });
          log(`round ${round + 1}/${config.rounds} ${workload} ${variant.id} FAILED: ${message}`);
        }
      }
    }
    if (config.boot && config.variants.some((id) => id.startsWith('socketeer'))) {
      try {
        const boot = await runBoot(config.bootOptions);
        result.boot.push({ round, ...boot });
        log(`round ${round + 1}/${config.rounds} boot        ${boot.controllers}x${boot.handlers} handlers: ${boot.bootMs.toFixed(1)} ms`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        result.errors.push({ round, workload: 'boot', variant: 'socketeer-sync', message });
        log(`round ${round + 1}/${config.rounds} boot FAILED: ${message}`);
      }
    }
    result.loadAverages.push(loadAverage());
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

function brief(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([key, value]) => `${key}=${value >= 100 ? value.toFixed(0) : value.toPrecision(3)}`)
    .join(' ');
}
