// The bench itself. Each round runs every workload against every server variant:
// - echo (lean clients), echo (socket.io-client) and fan-out with all variants' servers alive side
//   by side, the load alternating between them in short slices (interleave.ts);
// - idle memory with one fresh server at a time;
// then times Socketeer's boot. Returns every sample; summary.ts reduces them.
import { interleave, type Driver, type InterleaveOptions } from './interleave.js';
import { describeMachine, loadAverage, waitForQuiet, type MachineInfo } from './machine.js';
import type { WorkloadId } from './metrics.js';
import { ServerProcess } from './server-process.js';
import { rotate, VARIANTS, type Variant, type VariantId } from './variants.js';
import { runBoot, type BootOptions, type BootResult } from './workloads/boot.js';
import { EchoDriver } from './workloads/echo.js';
import { FanoutDriver, type FanoutOptions } from './workloads/fanout.js';
import { runIdleMemory, type IdleMemoryOptions } from './workloads/idle-memory.js';
import type { WindowResult } from './window.js';

export type Mode = 'full' | 'quick' | 'tiny';

export interface BenchConfig {
  mode: Mode;
  rounds: number;
  variants: VariantId[];
  workloads: WorkloadId[];
  /** Whether each round also times Socketeer's boot. */
  boot: boolean;
  /** Longest wait for a quiet machine before each workload (0: do not wait). */
  quietWaitMs: number;
  /** No round starts after this many ms, so the run stays bounded. */
  startRoundsUntilMs: number;
  echoLean: { connections: number } & InterleaveOptions;
  echoClient: { connections: number } & InterleaveOptions;
  fanout: FanoutOptions & InterleaveOptions;
  /** Fan-out where each sender sends `burst` acked events at once (the in-flight limit's case). */
  fanoutBurst: Required<FanoutOptions> & InterleaveOptions;
  /** Idle memory runs in the first this-many rounds only: it barely moves between rounds, and its time goes to more rounds of the CPU figures. */
  idle: IdleMemoryOptions & { rounds: number };
  bootOptions: BootOptions;
}

const ALL: VariantId[] = VARIANTS.filter((v) => v.default).map((v) => v.id);
const WORKLOADS: WorkloadId[] = ['echo-lean', 'echo-client', 'fanout', 'fanout-burst', 'idle'];

export const CONFIGS: Record<Mode, BenchConfig> = {
  full: {
    mode: 'full',
    rounds: 6,
    variants: ALL,
    workloads: WORKLOADS,
    boot: true,
    quietWaitMs: 1500,
    startRoundsUntilMs: 7 * 60_000,
    // 3 s of warm-up: under this load V8 still finishes about 100 optimizations per server between 0.5 s
    // and 1.5 s of load (--trace-opt, 2026-12-04); a 500 ms warm-up counted that compiling as per-ack cost.
    echoLean: { connections: 50, warmupMs: 3000, durationMs: 2000, sliceMs: 400 },
    echoClient: { connections: 50, warmupMs: 400, durationMs: 1200, sliceMs: 400 },
    fanout: { clients: 500, rooms: 10, warmupMs: 500, durationMs: 2000, sliceMs: 400 },
    fanoutBurst: { clients: 100, rooms: 10, burst: 1000, warmupMs: 500, durationMs: 2000, sliceMs: 400 },
    idle: { clients: 2000, settleMs: 300, rounds: 2 },
    bootOptions: { controllers: 200, handlers: 10 },
  },
  quick: {
    mode: 'quick',
    rounds: 1,
    variants: ALL,
    workloads: WORKLOADS,
    boot: true,
    quietWaitMs: 1000,
    startRoundsUntilMs: 60_000,
    echoLean: { connections: 50, warmupMs: 300, durationMs: 1000, sliceMs: 250 },
    echoClient: { connections: 20, warmupMs: 300, durationMs: 500, sliceMs: 250 },
    fanout: { clients: 200, rooms: 10, warmupMs: 300, durationMs: 1000, sliceMs: 250 },
    fanoutBurst: { clients: 100, rooms: 10, burst: 1000, warmupMs: 300, durationMs: 1000, sliceMs: 250 },
    idle: { clients: 500, settleMs: 200, rounds: 1 },
    bootOptions: { controllers: 200, handlers: 10 },
  },
  tiny: {
    mode: 'tiny',
    rounds: 1,
    variants: ALL,
    workloads: WORKLOADS,
    boot: true,
    quietWaitMs: 0,
    startRoundsUntilMs: 60_000,
    echoLean: { connections: 2, warmupMs: 50, durationMs: 200, sliceMs: 100 },
    echoClient: { connections: 2, warmupMs: 50, durationMs: 200, sliceMs: 100 },
    fanout: { clients: 4, rooms: 2, warmupMs: 50, durationMs: 200, sliceMs: 100 },
    fanoutBurst: { clients: 4, rooms: 2, burst: 100, warmupMs: 50, durationMs: 200, sliceMs: 100 },
    idle: { clients: 10, settleMs: 50, rounds: 1 },
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
  /** The Node binary every server (and the boot timing) runs on; default: the bench's own. */
  execPath?: string;
}

type Measured = { variant: VariantId; metrics: Record<string, number> } | { variant: VariantId; error: string };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function numbersOf(result: object): Record<string, number> {
  return Object.fromEntries(
    Object.entries(result).filter((entry): entry is [string, number] => typeof entry[1] === 'number'),
  );
}

function spawn(variant: Variant, workload: WorkloadId, options: RunOptions): Promise<ServerProcess> {
  return ServerProcess.spawn({
    script: variant.script,
    args: variant.args,
    nodeFlags: options.nodeFlags?.(variant, workload) ?? [],
    ...(options.execPath !== undefined && { execPath: options.execPath }),
  });
}

interface Loaded<D extends Driver> {
  variant: Variant;
  server: ServerProcess;
  driver: D;
}

/** Echo or fan-out: every variant's server at once, the load interleaved between them. */
async function measureInterleaved(
  workload: Exclude<WorkloadId, 'idle'>,
  variants: readonly Variant[],
  config: BenchConfig,
  options: RunOptions,
): Promise<Measured[]> {
  const settings: InterleaveOptions =
    workload === 'echo-lean'
      ? config.echoLean
      : workload === 'echo-client'
        ? config.echoClient
        : workload === 'fanout'
          ? config.fanout
          : config.fanoutBurst;
  const connect = (port: number): Promise<EchoDriver | FanoutDriver> => {
    switch (workload) {
      case 'echo-lean':
        return EchoDriver.connect(port, { client: 'lean', connections: config.echoLean.connections });
      case 'echo-client':
        return EchoDriver.connect(port, { client: 'socket.io-client', connections: config.echoClient.connections });
      case 'fanout':
        return FanoutDriver.connect(port, config.fanout);
      case 'fanout-burst':
        return FanoutDriver.connect(port, config.fanoutBurst);
    }
  };
  const measured: Measured[] = [];
  const loaded: Loaded<EchoDriver | FanoutDriver>[] = [];
  const servers = await Promise.allSettled(variants.map((variant) => spawn(variant, workload, options)));
  try {
    for (const [i, variant] of variants.entries()) {
      const server = servers[i];
      if (server?.status !== 'fulfilled') {
        measured.push({ variant: variant.id, error: message(server?.reason) });
        continue;
      }
      try {
        loaded.push({ variant, server: server.value, driver: await connect(server.value.port) });
      } catch (error) {
        measured.push({ variant: variant.id, error: message(error) });
      }
    }
    const windows: WindowResult[] = await interleave(loaded, settings);
    loaded.forEach(({ variant, driver }, i) => {
      const window = windows[i];
      if (window) measured.push({ variant: variant.id, metrics: numbersOf(driver.result(window)) });
    });
    return measured;
  } finally {
    for (const { driver } of loaded) driver.close();
    await Promise.all(servers.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
  }
}

/** Idle memory: one fresh server at a time, so no other server's clients share the machine's memory. */
async function measureIdle(
  variants: readonly Variant[],
  config: BenchConfig,
  options: RunOptions,
): Promise<Measured[]> {
  const measured: Measured[] = [];
  for (const variant of variants) {
    try {
      const server = await spawn(variant, 'idle', options);
      try {
        measured.push({ variant: variant.id, metrics: numbersOf(await runIdleMemory(server, config.idle)) });
      } finally {
        await server.stop();
      }
    } catch (error) {
      measured.push({ variant: variant.id, error: message(error) });
    }
  }
  return measured;
}

export async function runBench(config: BenchConfig, options: RunOptions = {}): Promise<BenchResult> {
  const started = Date.now();
  const log = (line: string): void =>
    options.log?.(`${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s ${line}`);
  const variants = VARIANTS.filter((v) => config.variants.includes(v.id));
  const result: BenchResult = {
    config,
    machine: describeMachine(options.execPath),
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
    const tag = `round ${round + 1}/${config.rounds}`;
    for (const workload of config.workloads) {
      if (workload === 'idle' && round >= config.idle.rounds) continue;
      if (config.quietWaitMs > 0) await waitForQuiet(config.quietWaitMs);
      const order = rotate(
        variants.filter((v) => v.only === undefined || v.only.includes(workload)),
        round,
      );
      const measured =
        workload === 'idle'
          ? await measureIdle(order, config, options)
          : await measureInterleaved(workload, order, config, options);
      for (const m of measured) {
        if ('error' in m) {
          result.errors.push({ round, workload, variant: m.variant, message: m.error });
          log(`${tag} ${workload.padEnd(11)} ${m.variant.padEnd(15)} FAILED: ${m.error}`);
        } else {
          result.samples.push({ round, workload, variant: m.variant, metrics: m.metrics });
          log(`${tag} ${workload.padEnd(11)} ${m.variant.padEnd(15)} ${brief(m.metrics)}`);
        }
      }
    }
    if (config.boot && config.variants.some((id) => id.startsWith('socketeer'))) {
      try {
        const boot = await runBoot({
          ...config.bootOptions,
          ...(options.execPath !== undefined && { execPath: options.execPath }),
        });
        result.boot.push({ round, ...boot });
        log(`${tag} boot        ${boot.controllers}x${boot.handlers} handlers: ${boot.bootMs.toFixed(1)} ms`);
      } catch (error) {
        result.errors.push({ round, workload: 'boot', variant: 'socketeer-sync', message: message(error) });
        log(`${tag} boot FAILED: ${message(error)}`);
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
