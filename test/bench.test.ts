// The bench runs end to end on a tiny workload and writes a well-formed result, report and chart.
// It asserts the shape of what is written, never a timing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BenchResult } from '../bench/bench.js';
import { HAND_KEPT_MARKER, handKeptSection } from '../bench/hand-kept.js';
import { METRICS } from '../bench/metrics.js';
import { renderReport } from '../bench/report.js';
import { poolFiles, poolResults, PoolError } from '../bench/pool.js';
import { summarize, type Summary } from '../bench/summary.js';
import { VARIANTS } from '../bench/variants.js';

const out = mkdtempSync(join(tmpdir(), 'socketeer-bench-'));
let exitCode: number | null = null;
let output = '';
let result: BenchResult & { summary: Summary };

// A report from an earlier run, with a section written by hand that the new run must carry over.
const HAND_SECTION = `## What the day's runs show\n\n${HAND_KEPT_MARKER}\n\n- A note written by hand.\n`;
const PREVIOUS_REPORT = `# Performance\n\n![chart](performance.svg)\n\n${HAND_SECTION}\n## Targets\n\nfigures of an older run\n`;

before(async () => {
  writeFileSync(join(out, 'performance.md'), PREVIOUS_REPORT);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/main.ts', '--tiny', '--node', process.execPath, '--out', out],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.on('data', (chunk: Buffer) => (output += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (output += String(chunk)));
  exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as typeof result;
});

after(() => rmSync(out, { recursive: true, force: true }));

describe('npm run bench -- --tiny', { timeout: 120_000 }, () => {
  it('exits 0 with no failed measurement', () => {
    assert.equal(exitCode, 0, output);
    assert.deepEqual(result.errors, []);
  });

  it('has one sample per workload and variant, with finite figures', () => {
    assert.deepEqual(result.config.variants, [
      'raw',
      'socketeer-sync',
      'socketeer-async',
      'socketeer-await',
      'socketeer-zod',
      'nest',
      'raw-again',
      'raw-async',
      'raw-als-async',
    ]);
    for (const workload of result.config.workloads) {
      for (const variant of result.config.variants) {
        const only = VARIANTS.find((v) => v.id === variant)?.only;
        if (only !== undefined && !only.includes(workload)) {
          assert.ok(
            !result.samples.some((s) => s.workload === workload && s.variant === variant),
            `${variant} measured in ${workload}`,
          );
          continue;
        }
        const sample = result.samples.find((s) => s.workload === workload && s.variant === variant);
        assert.ok(sample, `missing ${workload} / ${variant}`);
        for (const metric of METRICS.filter((m) => m.workload === workload)) {
          assert.ok(Number.isFinite(sample.metrics[metric.key]), `${workload} / ${variant}: ${metric.key}`);
        }
      }
    }
  });

  it('summarizes every figure with a same-round ratio to raw socket.io', () => {
    assert.equal(result.summary.rows.length, METRICS.length);
    for (const row of result.summary.rows) {
      const raw = row.cells.find((cell) => cell.variant === 'raw');
      for (const cell of row.cells) {
        assert.equal(cell.value.n, 1);
        if (cell.variant === 'raw') assert.equal(cell.ratio, undefined);
        // A tiny run's memory figures can round to zero for raw; a ratio to zero is left out.
        else if (raw !== undefined && raw.value.median <= 0) assert.equal(cell.ratio, undefined);
        else assert.ok(Number.isFinite(cell.ratio?.median), `${row.metric.key} / ${cell.variant}`);
      }
    }
    assert.ok(result.summary.checks.length > 0);
  });

  it('times the boot of generated controllers', () => {
    assert.equal(result.boot.length, 1);
    assert.equal(result.boot[0]?.controllers, 3);
    assert.ok(Number.isFinite(result.boot[0]?.bootMs));
  });

  it('records the machine and how busy it was', () => {
    assert.ok(result.machine.cpus >= 1);
    assert.equal(result.loadAverages.length, 2);
    assert.ok(result.samples.every((s) => s.workload === 'idle' || Number.isFinite(s.metrics.loadgenCoreShare)));
  });

  it('runs the servers on the Node binary given with --node', () => {
    assert.equal(result.machine.node, process.version);
    assert.equal(result.machine.loadgenNode, process.version);
    assert.equal('otherNodes' in result, false);
  });

  it('sets the runs of several Nodes side by side, ratios to raw on each Node', () => {
    // Summarized again from the samples: result.json stores a missing figure's NaN as null.
    const summary = summarize(result);
    const other = { result: { ...result, machine: { ...result.machine, node: 'v99.1.0' } }, summary };
    const md = renderReport(result, summary, 'performance.svg', [other]);
    const lead = process.version.slice(1);
    assert.match(md, /^## Node versions side by side$/m);
    assert.ok(md.includes(`| figure | Node ${lead} | Node 99.1.0 |`), md);
    assert.match(md, new RegExp(`^## Targets \\(Node ${lead.replaceAll('.', '\\.')}\\)$`, 'm'));
    const cpu = summary.rows.find((r) => r.metric.workload === 'echo-lean' && r.metric.key === 'serverCpuUsPerAck')!;
    for (const cell of cpu.cells) {
      const label = VARIANTS.find((v) => v.id === cell.variant)!.label;
      const ratio = cell.ratio && Number.isFinite(cell.ratio.median) ? `${cell.ratio.median.toFixed(2)}×` : undefined;
      if (ratio) assert.ok(md.includes(`| ${label} | ${ratio} | ${ratio} |`), `${label} on both Nodes`);
    }
    assert.doesNotMatch(renderReport(result, summary, 'performance.svg'), /Node versions side by side/);
  });

  it('carries the hand-kept section of the report it replaces over, after the chart', () => {
    const md = readFileSync(join(out, 'performance.md'), 'utf8');
    assert.equal(md.split(HAND_KEPT_MARKER).length, 2, 'the section appears once');
    const section = md.indexOf(HAND_SECTION);
    assert.ok(section > md.indexOf('![Cost relative to raw socket.io]'), 'after the chart');
    assert.ok(section < md.indexOf('## Targets'), 'before the generated sections');
    assert.doesNotMatch(md, /figures of an older run/);
    assert.equal(handKeptSection(md), HAND_SECTION, 'a later run finds it again');
    assert.equal(handKeptSection('# Performance\n\n## Targets\n'), undefined);
  });

  it('writes the report and an SVG chart that the report links to', () => {
    const md = readFileSync(join(out, 'performance.md'), 'utf8');
    const svg = readFileSync(join(out, 'performance.svg'), 'utf8');
    assert.match(md, /^# Performance/);
    assert.match(md, /\]\(performance\.svg\)/);
    for (const variant of VARIANTS.filter((v) => v.default)) assert.ok(md.includes(variant.label), variant.label);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /<\/svg>\n$/);
    // One bar per charted figure and variant; the one-figure controls are in their table only.
    const charted = VARIANTS.filter(
      (v) => result.config.variants.includes(v.id) && v.id !== 'raw' && v.only === undefined,
    );
    const bars = METRICS.filter((m) => m.chart).length * charted.length;
    assert.equal((svg.match(/<rect [^>]*><title>/g) ?? []).length, bars);
  });
});

/** Runs the bench's command line as a user would (the tests below that use it measure nothing). */
async function bench(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/main.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

describe('npm run bench with a mistaken option', () => {
  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await bench('--help');
    assert.equal(code, 0);
    assert.match(stdout, /^npm run bench -- /);
    assert.match(stdout, /--variants/);
  });

  it('an unknown option, variant, workload or round count is named, with the usage and exit 2, and no stack trace', async () => {
    for (const [args, said] of [
      [['--bogus'], /Unknown option '--bogus'/],
      [['--variants', 'nope'], /unknown variant\(s\) nope; known: raw, /],
      [['--workloads', 'nope'], /unknown workload\(s\) nope; known: echo-lean, /],
      [['--rounds', 'x'], /--rounds takes a whole number of 1 or more, not 'x'/],
    ] as const) {
      const { code, stderr } = await bench(...args);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, said);
      assert.match(stderr, /npm run bench -- /);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    }
  });
});

describe('npm run bench -- --pool', () => {
  /**
   * The tiny run again, an hour later, on a machine twice as slow where Socketeer sync also does three
   * times the work: raw's CPU per ack doubled, Socketeer sync's six times what it was.
   */
  function laterRun(): BenchResult {
    const later = new Date(Date.parse(result.startedAt) + 3_600_000).toISOString();
    const factor: Partial<Record<string, number>> = { raw: 2, 'socketeer-sync': 6 };
    const samples = result.samples.map((s) =>
      s.workload === 'echo-lean' && factor[s.variant] !== undefined
        ? { ...s, metrics: { ...s.metrics, serverCpuUsPerAck: s.metrics.serverCpuUsPerAck! * factor[s.variant]! } }
        : s,
    );
    return { ...result, startedAt: later, samples };
  }
  const syncCpu = (summary: Summary) =>
    summary.rows
      .find((r) => r.metric.workload === 'echo-lean' && r.metric.key === 'serverCpuUsPerAck')!
      .cells.find((c) => c.variant === 'socketeer-sync')!;

  it("reports two runs' rounds together, each round's ratio to raw in that same round", async () => {
    const second = join(out, 'later.json');
    writeFileSync(second, JSON.stringify(laterRun()));
    const pooledDir = join(out, 'pooled');
    const { code, stdout, stderr } = await bench(
      '--pool',
      join(out, 'result.json'),
      '--pool',
      second,
      '--out',
      pooledDir,
    );
    assert.equal(code, 0, stderr);
    assert.match(stdout, /pooled 2 file\(s\): Node v[\d.]+, 2 round\(s\) from 2 run\(s\)/);
    const pooled = JSON.parse(readFileSync(join(pooledDir, 'result.json'), 'utf8')) as BenchResult & {
      summary: Summary;
    };
    assert.equal(pooled.rounds, 2);
    assert.deepEqual([...new Set(pooled.samples.map((s) => s.round))].sort(), [0, 1]);
    // The first run's ratio r, and 6/2 = 3r in the later run: the median of the two rounds is 2r (had
    // the rounds been mixed, the median sync over the median raw would be 3.5/1.5 = 2.33r).
    const once = syncCpu(summarize(result)).ratio!.median;
    const both = syncCpu(pooled.summary);
    assert.equal(both.ratio?.n, 2);
    assert.ok(Math.abs(both.ratio.median - 2 * once) < 1e-9, `${both.ratio.median} against ${2 * once}`);
    const md = readFileSync(join(pooledDir, 'performance.md'), 'utf8');
    assert.match(
      md,
      /rounds \(2 tiny runs pooled, 2 rounds in all, started \d{4}-\d\d-\d\d \d\d:\d\d and [\d-: ]+UTC\)/,
    );
  });

  it('refuses a run given twice, a missing file, or a measuring option, with exit 2 and no stack trace', async () => {
    const file = join(out, 'result.json');
    for (const [args, said] of [
      [['--pool', file, '--pool', file], /--pool: the run of .* is given twice/],
      [['--pool', join(out, 'missing.json')], /--pool: ENOENT/],
      [['--pool', file, '--tiny'], /--pool measures nothing, so --tiny has no meaning with it/],
      [['--pool', join(out, 'performance.md')], /--pool: .*JSON/],
    ] as const) {
      const { code, stderr } = await bench(...args);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, said);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('pools each Node apart, the lead Node of the first file first, and never runs of other settings', () => {
    const onOtherNode = { ...laterRun(), machine: { ...result.machine, node: 'v99.1.0' } };
    const withBeside = { ...result, otherNodes: [onOtherNode] };
    const laterOnOther = {
      ...onOtherNode,
      startedAt: new Date(Date.parse(onOtherNode.startedAt) + 60_000).toISOString(),
    };
    const [lead, other, ...rest] = poolFiles([
      { path: 'a.json', json: withBeside },
      { path: 'b.json', json: laterOnOther },
    ]);
    assert.equal(rest.length, 0);
    assert.equal(lead?.machine.node, process.version);
    assert.equal(lead?.rounds, 1);
    assert.equal(other?.machine.node, 'v99.1.0');
    assert.equal(other?.rounds, 2);
    assert.throws(() => poolResults([result, onOtherNode]), PoolError);
    const otherSettings = { ...laterRun(), config: { ...result.config, mode: 'quick' as const } };
    assert.throws(() => poolResults([result, otherSettings]), /other workload settings \(quick run\)/);
    assert.throws(() => poolFiles([{ path: 'x.json', json: { hello: 1 } }]), /x\.json is not a result\.json/);
  });
});
