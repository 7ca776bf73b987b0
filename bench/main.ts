// The bench's command line (USAGE below says what each option does).
// The whole run is bounded: when nothing has been measured for STALL_MS (a hung server or client), or
// the whole run passes its cap, every server is killed and the process exits 1.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CONFIGS, runBench, type BenchConfig } from './bench.js';
import { renderChart } from './chart.js';
import { handKeptSection } from './hand-kept.js';
import { formatProfileSummary, summarizeProfiles } from './profile-summary.js';
import { poolFiles, PoolError, runCount } from './pool.js';
import { renderReport, type NodeRun } from './report.js';
import { killAllServers } from './server-process.js';
import { summarize, verdict } from './summary.js';
import { VARIANTS } from './variants.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** A round's slowest step (one workload across every variant) takes about a minute; this is a hang. */
const STALL_MS = 5 * 60_000;
/** Per Node: the full run stops starting rounds at 7 min, and its last round may take as long again. */
const CAP_PER_NODE_MS = 25 * 60_000;

const USAGE = `npm run bench -- [--quick | --profile | --tiny] [--rounds N] [--variants a,b] [--workloads a,b] [--node PATH]... [--out DIR]
       npm run bench -- --pool RESULT.json --pool RESULT.json... [--out DIR]
  (default)   full run: writes docs/performance.md (keeping its hand-kept section),
              docs/images/performance.svg and bench/results/latest.json
  --quick     one short round, written to .tmp/bench/ (a smoke run)
  --tiny      a few connections for a fraction of a second, written to .tmp/bench/ (what the test runs)
  --profile   echo and fan-out with --cpu-prof on the servers; prints where the time goes
  --rounds    run exactly N rounds (no time rule; the stall and per-Node caps still hold)
  --variants  the servers to compare with raw (bench/variants.ts; the controls raw-als and
              raw-imports run only when named)
  --workloads a subset of ${CONFIGS.full.workloads.join(', ')}
  --node      the Node binary the servers run on (default: the one running the bench); given several
              times, the whole bench runs once per Node, the first leads the report and the others
              are set beside it (e.g. --node .tmp/node24/node_modules/.bin/node --node /usr/bin/node)
  --out       the folder to write the report to instead
  --pool      measure nothing: report the runs of result.json files as one longer run (the median of
              several full runs); each Node's runs pool apart, the first file's Node leads
  --help      this text`;

const OPTIONS = {
  help: { type: 'boolean', default: false },
  quick: { type: 'boolean', default: false },
  tiny: { type: 'boolean', default: false },
  profile: { type: 'boolean', default: false },
  rounds: { type: 'string' },
  variants: { type: 'string' },
  workloads: { type: 'string' },
  out: { type: 'string' },
  node: { type: 'string', multiple: true },
  pool: { type: 'string', multiple: true },
} as const;

const { values } = parseOptions();

/** The options, or usage and exit 2 on a mistake (exit 0 for --help): no stack trace for a typo. */
function parseOptions() {
  try {
    const parsed = parseArgs({ options: OPTIONS });
    if (parsed.values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const measuring = ['quick', 'tiny', 'profile', 'rounds', 'variants', 'workloads', 'node'] as const;
    const clash = measuring.find((name) => parsed.values[name] !== undefined && parsed.values[name] !== false);
    if (parsed.values.pool !== undefined && clash !== undefined)
      usageError(`--pool measures nothing, so --${clash} has no meaning with it`);
    return parsed;
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
}

function usageError(message: string): never {
  console.error(`bench: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** The Node binaries to run the servers on, each checked to start before anything is measured. */
const nodes = (values.node ?? [process.execPath]).map((path) => {
  try {
    return { path, version: execFileSync(path, ['--version'], { encoding: 'utf8' }).trim() };
  } catch (error) {
    return usageError(`--node ${path} does not run: ${error instanceof Error ? error.message : String(error)}`);
  }
});
if (values.profile && nodes.length > 1) usageError('--profile takes one --node at a time');

process.on('exit', killAllServers);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
setTimeout(() => {
  console.error(`bench: still running after ${(CAP_PER_NODE_MS * nodes.length) / 1000} s; stopping`);
  process.exit(1);
}, CAP_PER_NODE_MS * nodes.length).unref();
let stall = watchForStall();
function watchForStall(): NodeJS.Timeout {
  return setTimeout(() => {
    console.error(`bench: nothing measured for ${STALL_MS / 1000} s; stopping`);
    process.exit(1);
  }, STALL_MS).unref();
}

function configFromArgs(): BenchConfig {
  const base = values.tiny ? CONFIGS.tiny : values.quick || values.profile ? CONFIGS.quick : CONFIGS.full;
  const config: BenchConfig = { ...base };
  if (values.profile) {
    config.workloads = ['echo-lean', 'fanout'];
    config.variants = ['raw', 'socketeer-sync', 'socketeer-async', 'socketeer-await', 'socketeer-zod'];
    config.boot = false;
    config.echoLean = { ...CONFIGS.full.echoLean };
    config.fanout = { ...CONFIGS.full.fanout };
  }
  if (values.rounds !== undefined) {
    // Rounds asked for are all run: the seven-minute rule is for the default round count.
    const rounds = Number(values.rounds);
    if (!Number.isInteger(rounds) || rounds < 1)
      usageError(`--rounds takes a whole number of 1 or more, not '${values.rounds}'`);
    config.rounds = rounds;
    config.startRoundsUntilMs = Number.POSITIVE_INFINITY;
  }
  if (values.variants !== undefined) {
    const wanted = listOption(
      'variant',
      values.variants,
      VARIANTS.map((v) => v.id),
    );
    config.variants = ['raw', ...wanted.filter((id) => id !== 'raw')];
  }
  if (values.workloads !== undefined)
    config.workloads = listOption('workload', values.workloads, CONFIGS.full.workloads);
  return config;
}

/** The items of a comma-separated option, each one of `known`; any other is named with the usage (exit 2). */
function listOption<T extends string>(what: string, value: string, known: readonly T[]): T[] {
  const wanted = value.split(',').filter((item) => item !== '');
  const unknown = wanted.filter((item) => !known.includes(item as T));
  if (unknown.length > 0) usageError(`unknown ${what}(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
  return wanted as T[];
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${relative(ROOT, path)}`);
}

/** Each Node's runs measured now, the lead Node first. */
async function measure(config: BenchConfig): Promise<NodeRun[]> {
  if (values.profile) rmSync(profileDir, { recursive: true, force: true });
  console.log(`bench: ${config.mode} run, ${config.rounds} round(s), variants ${config.variants.join(', ')}`);
  const measured: NodeRun[] = [];
  for (const node of nodes) {
    if (nodes.length > 1) console.log(`bench: servers on Node ${node.version} (${node.path})`);
    const tag = nodes.length > 1 ? `${node.version} ` : '';
    const run = await runBench(config, {
      log: (line) => {
        clearTimeout(stall);
        stall = watchForStall();
        console.log(`${tag}${line}`);
      },
      execPath: node.path,
      ...(values.profile && {
        nodeFlags: (variant, workload) => ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, variant.id, workload)}`],
      }),
    });
    measured.push({ result: run, summary: summarize(run) });
  }
  return measured;
}

/** The runs stored in the --pool files, pooled per Node (bench/pool.ts); exit 2 on a file that cannot pool. */
function pooled(files: readonly string[]): NodeRun[] {
  try {
    const results = poolFiles(files.map((path) => ({ path, json: JSON.parse(readFileSync(path, 'utf8')) as unknown })));
    console.log(
      `bench: pooled ${files.length} file(s): ${results.map((r) => `Node ${r.machine.node}, ${r.rounds} round(s) from ${runCount(r)} run(s)`).join('; ')}`,
    );
    return results.map((result) => ({ result, summary: summarize(result) }));
  } catch (error) {
    const unreadable = error instanceof Error && 'code' in error; // a system error: missing, a folder, no access
    if (error instanceof PoolError || error instanceof SyntaxError || unreadable)
      return usageError(`--pool: ${(error as Error).message}`);
    throw error;
  }
}

const scratch = join(ROOT, '.tmp', 'bench');
const profileDir = join(scratch, 'profiles');
const runs = values.pool !== undefined ? pooled(values.pool) : await measure(configFromArgs());
const [{ result, summary }, ...otherNodes] = runs as [NodeRun, ...NodeRun[]];

const outDir = values.out ?? (result.config.mode === 'full' && !values.profile ? undefined : scratch);
const paths =
  outDir === undefined
    ? {
        json: join(ROOT, 'bench', 'results', 'latest.json'),
        md: join(ROOT, 'docs', 'performance.md'),
        svg: join(ROOT, 'docs', 'images', 'performance.svg'),
      }
    : { json: join(outDir, 'result.json'), md: join(outDir, 'performance.md'), svg: join(outDir, 'performance.svg') };

const subtitle = `${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}; median of ${result.rounds} round(s)${runCount(result) > 1 ? ` of ${runCount(result)} runs` : ''}, ${result.startedAt.slice(0, 10)}`;
const otherJson =
  otherNodes.length > 0 ? { otherNodes: otherNodes.map((o) => ({ ...o.result, summary: o.summary })) } : {};
write(paths.json, `${JSON.stringify({ ...result, summary, ...otherJson }, null, 2)}\n`);
write(paths.svg, renderChart(summary, subtitle));
// The hand-kept section of the report being replaced is carried over (bench/hand-kept.ts).
const handKept = existsSync(paths.md) ? handKeptSection(readFileSync(paths.md, 'utf8')) : undefined;
write(paths.md, renderReport(result, summary, relative(dirname(paths.md), paths.svg), otherNodes, handKept));

if (values.profile) {
  // Profiling slows the servers down, so the figures of this run are not comparable: no targets.
  for (const workload of result.config.workloads) {
    for (const variant of result.config.variants) {
      console.log(
        formatProfileSummary(`${variant}, ${workload}`, summarizeProfiles(join(profileDir, variant, workload))),
      );
    }
  }
} else {
  for (const run of runs) {
    if (runs.length > 1) console.log(`Node ${run.result.machine.node}:`);
    for (const c of run.summary.checks) console.log(`${verdict(c).padEnd(6)} ${c.label}: ${c.measured}`);
  }
}
const seconds = runs.reduce((sum, r) => sum + r.result.seconds, 0);
const failed = runs.reduce((sum, r) => sum + r.result.errors.length, 0);
console.log(
  `bench: ${values.pool ? 'the pooled runs took' : 'done in'} ${seconds.toFixed(0)} s${failed > 0 ? `, ${failed} failed measurement(s)` : ''}`,
);
process.exit(failed > 0 ? 1 : 0);
