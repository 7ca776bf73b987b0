// docs/performance.md, written from a run: the method, the machine, the tables and the targets.
import type { BenchResult } from './bench.js';
import type { InterleaveOptions } from './interleave.js';
import { formatRatio, formatShare, formatSpread, formatValue } from './format.js';
import { WORKLOAD_LABELS, type WorkloadId } from './metrics.js';
import { labelOf, verdict, type Summary } from './summary.js';
import { BASELINE } from './variants.js';
import { fileURLToPath } from 'node:url';
import { emitValidationSection } from './validate-emits-report.js';
import { runCount, startTimes, type PooledResult } from './pool.js';

function slices(o: InterleaveOptions): string {
  return `${o.warmupMs} ms warm-up, then ${o.durationMs} ms measured per server and round in ${o.sliceMs} ms slices`;
}

function workloadSetup(result: PooledResult, workload: WorkloadId): string {
  const c = result.config;
  switch (workload) {
    case 'echo-lean':
      return `${c.echoLean.connections} connections per server, ${slices(c.echoLean)}`;
    case 'echo-client':
      return `${c.echoClient.connections} connections per server, ${slices(c.echoClient)}`;
    case 'fanout':
      return `${c.fanout.clients} clients per server in ${c.fanout.rooms} rooms, one sender per room, ${slices(c.fanout)}`;
    case 'fanout-burst':
      return `${c.fanoutBurst.clients} clients per server in ${c.fanoutBurst.rooms} rooms, one sender per room sending ${c.fanoutBurst.burst} acked events at once, then the next burst once all are acked, ${slices(c.fanoutBurst)}`;
    case 'idle':
      return `${c.idle.clients} connected clients that each sent one acked echo, memory after two full GCs; per connection: growth over the last ${c.idle.clients - Math.floor(c.idle.clients / 4)}; in the first ${c.idle.rounds} round(s)${runCount(result) > 1 ? ' of each run' : ''} only (it hardly moves between rounds)`;
  }
}

function tables(result: PooledResult, summary: Summary): string[] {
  const lines: string[] = [];
  const workloads = [...new Set(summary.rows.map((r) => r.metric.workload))];
  for (const workload of workloads) {
    const rows = summary.rows.filter((r) => r.metric.workload === workload);
    const variants = rows[0]?.cells.map((c) => c.variant) ?? [];
    lines.push(`### ${WORKLOAD_LABELS[workload]}`, '', `${workloadSetup(result, workload)}.`, '');
    lines.push(`| | ${variants.map(labelOf).join(' | ')} |`, `|---|${variants.map(() => '---').join('|')}|`);
    for (const row of rows) {
      const cells = row.cells.map((cell) => {
        const value = formatSpread(cell.value, row.metric.unit);
        if (cell.variant === BASELINE || !cell.ratio) return value;
        const vsRaw =
          row.metric.unit === 'B' && cell.delta
            ? `**${cell.delta.median >= 0 ? '+' : ''}${formatValue(cell.delta.median, 'B')}**`
            : `**${formatRatio(cell.ratio)}**`;
        return `${value}<br>${vsRaw}`;
      });
      lines.push(`| ${row.metric.label} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  if (summary.boot) {
    const b = summary.boot;
    lines.push(
      '### Boot (Socketeer only)',
      '',
      `${b.controllers} generated controllers with ${b.handlers} handlers each, every round in a fresh process.`,
      '',
      '| | median (min–max) |',
      '|---|---|',
      `| \`createApp()\` + \`listen()\`: scan and bind | ${formatSpread(b.bootMs, 'ms')} |`,
      `| generating and decorating the classes | ${formatSpread(b.decorateMs, 'ms')} |`,
      '',
    );
  }
  return lines;
}

function machineSection(result: PooledResult, summary: Summary): string[] {
  const m = result.machine;
  const lines = [
    '## Machine',
    '',
    `- ${m.cpuModel}, ${m.cpus} cores, ${m.memoryGiB} GiB; ${m.os}`,
    `- Node ${m.node}${m.loadgenNode !== m.node ? ` for the servers (the load generator on ${m.loadgenNode})` : ''}; ${Object.entries(
      m.versions,
    )
      .map(([pkg, v]) => `${pkg} ${v}`)
      .join(', ')}`,
    `- Started ${startTimes(result)}, ${result.seconds.toFixed(0)} s in all.`,
    '',
    'How busy the machine was, in shares of one core during the measured windows (median, min–max over',
    'all variants and rounds). "Everything else" is the whole machine\'s busy time from `/proc/stat` minus the',
    'server and the load generator: other processes on the machine.',
    '',
    '| workload | server | load generator | everything else |',
    '|---|---|---|---|',
    ...summary.load.map(
      (l) =>
        `| ${WORKLOAD_LABELS[l.workload]} | ${formatShare(l.serverCoreShare)} | ${formatShare(l.loadgenCoreShare)} | ${formatShare(l.otherCoreShare)} |`,
    ),
    '',
    `Load average (1, 5, 15 min) before the first round and after each: ${result.loadAverages
      .map((l) => l.map((x) => x.toFixed(2)).join(' / '))
      .join('; ')}.`,
    '',
  ];
  if (result.errors.length > 0) {
    lines.push('Failed measurements (left out of the tables):', '');
    for (const e of result.errors) lines.push(`- round ${e.round + 1}, ${e.workload}, ${e.variant}: ${e.message}`);
    lines.push('');
  }
  return lines;
}

function busyLine(result: BenchResult, summary: Summary): string {
  const other = summary.load.map((l) => l.otherCoreShare.median).filter(Number.isFinite);
  if (other.length === 0) return 'How busy the machine was is recorded under Machine below.';
  const worst = Math.max(...other);
  return (
    `Other processes on the machine used a median of up to ${worst.toFixed(2)} of a core during the measured ` +
    `windows (of ${result.machine.cpus} cores; see Machine below). ${worst > 0.3 ? 'With that much other work, single ratios move by several per cent from round to round; read the min–max spreads.' : ''}`
  ).trim();
}

/** The A/A control's ratios: how far from 1.00 the same server lands in this run. */
function noiseLine(summary: Summary): string {
  const parts = summary.rows
    .filter((row) => row.metric.chart)
    .flatMap((row) => {
      const again = row.cells.find((c) => c.variant === 'raw-again');
      return again?.ratio && Number.isFinite(again.ratio.median)
        ? [`${row.metric.label} (${row.metric.workload}) ${formatRatio(again.ratio)}`]
        : [];
    });
  if (parts.length === 0) return '';
  return `The A/A control (the raw server measured a second time, as if it were a framework) came out at: ${parts.join('; ')}. Differences of that size are noise.`;
}

/**
 * Where the async figures start from: hand-written async handlers on raw socket.io, without and
 * with AsyncLocalStorage, against the same raw baseline as Socketeer's async variants.
 */
function asyncControlsLine(summary: Summary): string {
  const row = summary.rows.find((r) => r.metric.workload === 'echo-lean' && r.metric.key === 'serverCpuUsPerAck');
  const ratioOf = (id: string) => row?.cells.find((c) => c.variant === id)?.ratio;
  const plain = ratioOf('raw-async');
  const als = ratioOf('raw-als-async');
  if (!plain || !als) return '';
  return (
    `The async targets compare with raw socket.io's *sync* handlers. Written by hand on raw socket.io, async handlers ` +
    `acked through \`.then\` cost ${formatRatio(plain)} server CPU per ack by themselves, and ${formatRatio(als)} inside ` +
    `AsyncLocalStorage (the two controls in the lean echo table): that is where "Socketeer, async" and ` +
    `"Socketeer, async + await" start from on this Node.`
  );
}

/** "3 round(s) from 2026-12-04 17:50 UTC", or for a pooled result, "9 round(s) from 3 full runs (…)". */
function roundsFrom(result: PooledResult): string {
  const runs = runCount(result);
  return runs > 1
    ? `${result.rounds} round(s) from ${runs} ${result.config.mode} runs (${startTimes(result)})`
    : `${result.rounds} round(s) from ${startTimes(result)}`;
}

/** The opening line's account of the run: "full run, 2 rounds, 2026-12-04", or of the pooled runs. */
function runsLine(result: PooledResult): string {
  const runs = runCount(result);
  const rounds = `${result.rounds} round${result.rounds === 1 ? '' : 's'}`;
  return runs > 1
    ? `${runs} ${result.config.mode} runs pooled, ${rounds} in all, started ${startTimes(result)}`
    : `${result.config.mode} run, ${rounds}, ${result.startedAt.slice(0, 10)}`;
}

/** One Node's run, for the section that sets Nodes side by side. */
export interface NodeRun {
  result: PooledResult;
  summary: Summary;
}

/**
 * The same figures on each Node the bench ran its servers on (`--node`), the lead Node first.
 * Ratios are to raw socket.io on the same Node in the same round, so a column shows what
 * Socketeer adds on that Node; raw's own figure per Node is given first in each group.
 */
export function nodesSection(runs: readonly NodeRun[], heading = '## Node versions side by side'): string[] {
  const [lead] = runs;
  if (lead === undefined) return [];
  const nodes = runs.map((r) => `Node ${r.result.machine.node.replace(/^v/, '')}`);
  const lines = [
    heading,
    '',
    `The whole bench on each Node in turn (${runs.map((r, i) => `${nodes[i]}: ${roundsFrom(r.result)}`).join('; ')}); ` +
      `the servers run on that Node, the load generator on Node ${lead.result.machine.loadgenNode.replace(/^v/, '')}. ` +
      'Each cell is the median ratio (min–max) to raw socket.io on the same Node in the same round, or for memory the ' +
      'difference in bytes, so a column shows what each server adds on that Node. The controls are the same on every Node: ' +
      'the A/A run, and hand-written async handlers without and with AsyncLocalStorage.',
    '',
    `| figure | ${nodes.join(' | ')} |`,
    `|---|${nodes.map(() => '---').join('|')}|`,
  ];
  for (const row of lead.summary.rows.filter((r) => r.metric.chart)) {
    const rowsPerNode = runs.map((r) =>
      r.summary.rows.find((x) => x.metric.workload === row.metric.workload && x.metric.key === row.metric.key),
    );
    if (rowsPerNode.every((r) => r === undefined || r.cells.every((c) => !Number.isFinite(c.value.median)))) continue;
    for (const { variant } of row.cells) {
      const cells = rowsPerNode.map((r) => {
        const cell = r?.cells.find((c) => c.variant === variant);
        if (cell === undefined || !Number.isFinite(cell.value.median)) return 'n/a';
        if (variant === BASELINE) return formatSpread(cell.value, row.metric.unit);
        if (row.metric.unit === 'B' && cell.delta)
          return `${cell.delta.median >= 0 ? '+' : ''}${formatValue(cell.delta.median, 'B')}`;
        return cell.ratio ? formatRatio(cell.ratio) : 'n/a';
      });
      const what =
        variant === BASELINE
          ? `**${row.metric.label} (${row.metric.workload})**, ${labelOf(variant)}`
          : labelOf(variant);
      lines.push(`| ${what} | ${cells.join(' | ')} |`);
    }
  }
  lines.push('');
  return lines;
}

const METHOD = `## Method

One command, \`npm run bench\`, runs everything in one session and writes this page, its chart
and \`bench/results/latest.json\` (every sample). \`npm run bench -- --quick\` is a smoke run of a
few seconds per figure that writes to \`.tmp/bench/\` instead. The run stops by itself: no round starts
after seven minutes (the last one may take as long again with many variants), and the run is stopped if
nothing has been measured for five minutes or after 25 minutes per Node.

One run's rounds are often too few to tell a target met from missed (see "not settled" below). Runs
written with \`--out DIR\` keep every sample in \`DIR/result.json\`, and \`npm run bench -- --pool
a/result.json --pool b/result.json\` measures nothing and writes this page from their rounds together:
each round's ratio is still to raw socket.io in that same round, so the medians are those of all the
runs' rounds, and the first line of the page names the runs. Only runs of the same Node and the same
workload settings pool; each Node's runs pool apart.

**The app.** Every server implements the same three events (\`bench/protocol.ts\`): \`echo\` acks
with its payload (\`{ text, n }\`); \`join\` joins a room and acks; \`fanout\` emits \`msg\` with its
payload to everyone in a room, the sender included, and acks. The variants:

- **socket.io (by hand)**: \`bench/servers/raw.ts\`, plain \`socket.on\` handlers on socket.io 4. The baseline.
- **Socketeer, sync / async / async + await / + zod**: \`bench/servers/socketeer-controllers.ts\`, one controller
  class per style, served by \`createApp\` with its defaults (every handler inside AsyncLocalStorage, see
  [semantics](semantics.md#the-request-and-the-session)): plain methods; \`async\` methods that do not await;
  \`async\` methods that \`await\` an already settled promise before they answer, so the request context must
  survive an await; plain methods whose payloads a zod schema validates.
- **NestJS gateway**: \`bench/servers/nest.ts\`, a \`@WebSocketGateway\` with \`@SubscribeMessage\` handlers on
  \`@nestjs/platform-socket.io\`, on the same socket.io version (an npm override keeps one copy).
- **socket.io again (A/A)**: the raw server a second time, measured and reported like a framework: its
  ratios show how far from 1.00 identical servers land in the same run.

Two controls run in the server-bound echo only, to show where the async figures start from on
this Node: **control: socket.io, async handlers** (\`bench/servers/raw-context.ts\`), the raw server
with \`async\` handlers acked through \`.then\` (what answering from a promise costs by itself), and
the same **+ AsyncLocalStorage** (each handler inside \`AsyncLocalStorage.run()\`: the cost of an
ambient request context that survives awaits). Two more run only when named (\`--variants
raw-als,raw-imports\`): sync handlers inside \`AsyncLocalStorage.run()\`, and the raw server in a
process that has loaded Socketeer without using it (the cost of a larger process). What the
controls explain is in [\`bench/profile-findings.md\`](../bench/profile-findings.md).

**Node versions.** \`npm run bench -- --node <path>\` runs every server (and the boot timing) on that Node
binary, the load generator staying on the Node that runs the bench. Given several times
(\`--node .tmp/node24/node_modules/.bin/node --node /usr/bin/node\`), the whole bench runs once per Node, one
after the other; the first Node's run fills the tables and the others are set beside it in one table of
ratios, each to raw socket.io on its own Node.

**Interleaving.** For the echo and fan-out workloads, every variant's server runs at the same time,
each in its own fresh process on 127.0.0.1 (\`node --expose-gc --import tsx\`), and the load
alternates between them in short slices (A B C D E, then B C D E A, ...; \`bench/interleave.ts\`),
after an uncounted warm-up per server. Whatever else the machine does falls on every variant alike.
Idle memory uses one fresh server at a time. Every framework figure is also given as a ratio to raw
socket.io *from the same round*; tables show the median over rounds and the min–max spread. With six
rounds or more, each target also gets a 95 % interval for its median (the order statistics of the
rounds, which assumes nothing about how the rounds are spread): a target whose interval holds its
bound is marked *not settled*, since those rounds cannot tell met from missed. Before
each workload the bench waits (a few seconds at most) for a moment when other processes use less
than 0.2 of a core, and it records how busy the machine was during every measured window. No new
round starts after seven minutes, so the run always ends in time.

**The load generator** is the bench process itself, on the other core. For the server-bound echo and
for fan-out it uses lean clients (\`bench/lean-client.ts\`) that speak the engine.io/socket.io text
protocol over plain \`ws\` sockets and send pre-serialized frames: socket.io-client costs more CPU per
message than the server does and would make the client the bottleneck. The second echo uses real
socket.io-client sockets, for the latency users see.

**Workloads.**

1. *Echo with ack, server-bound*: every connection sends the next acked \`echo\` as soon as the ack for the
   previous one is back. Server CPU per ack is the server's own \`process.cpuUsage()\` (user + system,
   all threads), fetched over IPC at both ends of each of its slices, summed, and divided by the acks
   counted in those slices. p50/p99 are round-trip times of every ack in the window, under that saturating load.
2. *Echo through socket.io-client*: the same, with real clients.
3. *Room fan-out*: clients spread evenly over rooms join them; one sender per room sends acked \`fanout\`
   events back to back. A delivery is one \`msg\` frame received; CPU per delivery is the server's CPU over the
   window divided by the deliveries.
4. *Room fan-out in bursts*: the same app, but each sender emits a burst of acked \`fanout\` events at once
   (all of one read, dispatched by socket.io before any promise settles) and sends the next burst once
   every ack is back. A server that refuses part of a burst delivers less; the samples in
   \`bench/results/latest.json\` also record \`refused\` (events answered with an error) and \`sent\`.
5. *Idle memory*: every client sends one acked \`echo\` after connecting (so state a framework keeps per
   connection from the first event on is counted) and then stays idle. The server's RSS and \`heapUsed\`
   after two \`gc()\` calls, once a quarter of the clients
   is connected and again with all of them; the growth divided by the clients added in between. (The first
   quarter fills pages that startup garbage left free, which would otherwise hide RSS growth.) Heap is
   the figure to compare; RSS still depends on how much free heap each server started with.
6. *Boot* (Socketeer only): \`bench/servers/socketeer-boot.ts\` generates the controller classes and applies the
   decorators programmatically, then times \`createApp()\` + \`listen()\`, and checks the last handler answers.

**Profiling.** \`npm run bench -- --profile\` runs one quick round of the echo and fan-out workloads with
\`--cpu-prof\` on the Socketeer servers, writes the profiles to \`.tmp/bench/profiles/\` and prints the top
functions by self time, grouped by package. What the profiles say about Socketeer's own costs, with
suggested changes, is in [\`bench/profile-findings.md\`](../bench/profile-findings.md).
`;

export function renderReport(
  result: PooledResult,
  summary: Summary,
  chartPath: string,
  otherNodes: readonly NodeRun[] = [],
  handKept?: string,
): string {
  const lines = [
    '# Performance',
    '',
    `<!-- Written by \`npm run bench\` (bench/report.ts); edit the generator, not this file. -->`,
    '',
    `Socketeer against socket.io written by hand and against a NestJS gateway, measured side by side in the same`,
    `rounds (${runsLine(result)}).`,
    '',
    `![Cost relative to raw socket.io](${chartPath})`,
    '',
    ...(handKept === undefined ? [] : [handKept]),
    ...(otherNodes.length > 0 ? nodesSection([{ result, summary }, ...otherNodes]) : []),
    `## Targets${otherNodes.length > 0 ? ` (Node ${result.machine.node.replace(/^v/, '')})` : ''}`,
    '',
    busyLine(result, summary),
    '',
    noiseLine(summary),
    '',
    asyncControlsLine(summary),
    '',
    '| target | measured (median ratio or difference to raw, same round) | |',
    '|---|---|---|',
    ...summary.checks.map(
      (c) => `| ${c.label} | ${c.measured} | ${c.pass ? verdict(c) : `**${verdict(c).toLowerCase()}**`} |`,
    ),
    '',
    '## Results',
    '',
    'Each cell: median over rounds (min–max). Under each framework figure, in bold, its ratio to raw',
    'socket.io measured in the same round (median, min–max), or for memory the difference in bytes.',
    '',
    ...tables(result, summary),
    ...emitValidationSection(fileURLToPath(new URL('./results/validate-emits.json', import.meta.url))),
    ...machineSection(result, summary),
    METHOD,
  ];
  return lines.join('\n');
}
