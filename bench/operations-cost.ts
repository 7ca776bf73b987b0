// `node --import tsx bench/operations-cost.ts`: what the operations hooks add to one event, in
// process, without sockets on the wire: the hook call, the probe and its end as the dispatcher
// drives them, for metrics on and for tracing on with no SDK registered, against a plain call.
// A complement to the echo bench, whose per-ack figures on a shared machine move by more than
// these costs.
import { createApp } from 'socketeer';
import { RequestContext } from '../src/context.js';
import { hooksOf, type Hooks } from '../src/operations/hooks.js';
import type { NamespaceTable } from '../src/namespace-table.js';

const N = Number(process.argv[2] ?? 300_000);
const BATCH = 50; // events per tick, as a busy server sees them

/** The handler returns; the event path then ends the probe and answers, as for a sync handler. */
function handler(ctx: RequestContext): void {
  ctx.finish();
  ctx.probe?.answered();
}

async function measure(
  label: string,
  hooks: Hooks | undefined,
  table: NamespaceTable,
  socket: RequestContext['socket'],
): Promise<number> {
  let best = Infinity;
  for (let trial = 0; trial < 5; trial++) {
    const start = process.cpuUsage();
    for (let i = 0; i < N; i += BATCH) {
      for (let j = 0; j < BATCH; j++) {
        const ctx = new RequestContext(socket, 'echo', []);
        if (hooks) hooks.event(ctx, table, handler, undefined, undefined);
        else handler(ctx);
      }
      await Promise.resolve(); // a turn of the event loop between batches, as a server sees them
    }
    const used = process.cpuUsage(start);
    best = Math.min(best, ((used.user + used.system) * 1000) / N);
  }
  console.log(`${label.padEnd(34)} ${best.toFixed(0)} ns per event (best of 5 × ${N})`);
  return best;
}

const variants = [
  { label: 'plain (no hooks)', options: {} },
  { label: 'metrics on', options: { metrics: true } },
  { label: 'tracing on, no SDK registered', options: { tracing: true } },
] as const;
const results: number[] = [];
for (const v of variants) {
  const app = createApp(v.options);
  app.on('echo', () => undefined);
  const socket = {
    id: 'sid',
    nsp: app.io.of('/'),
    handshake: { auth: {}, headers: {} },
    connected: true,
  } as unknown as RequestContext['socket'];
  // The internals the dispatcher passes: the hooks and the '/' table (bench only).
  const hooks = hooksOf(app.io);
  const table = hooks ? [...hooks.tables().byKey.values()][0]! : ({} as NamespaceTable);
  results.push(await measure(v.label, hooks, table, socket));
  await app.close();
}
console.log(
  `metrics add ${(results[1]! - results[0]!).toFixed(0)} ns, idle tracing ${(results[2]! - results[0]!).toFixed(0)} ns per event`,
);
