// `node --import tsx bench/validate-emits.ts [--rounds N] [--emits N]`: what createApp({ validateEmits })
// costs per emit. Each variant runs in its own process (validation, once on, stays armed for
// the process), alternating, and times a burst of emits to one real socket.io-client over
// 127.0.0.1 until the client has them all. Writes bench/results/validate-emits.json and the
// "Validating emits" section of docs/performance.md.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderEmitValidation, type EmitValidationResult, type Variant } from './validate-emits-report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6' },
    emits: { type: 'string', default: '20000' },
    child: { type: 'string' },
  },
});
const EMITS = Number(values.emits);

/** One measurement in this process: ns per emit for the synchronous emit loop, and until delivered. */
async function measure(variant: Variant): Promise<{ loopNs: number; deliveredNs: number }> {
  const { createApp, Emits, Namespace } = await import('socketeer');
  const { z } = await import('zod');
  const { io } = await import('socket.io-client');
  const News = z.object({ id: z.number(), title: z.string().max(200), tags: z.array(z.string()) });

  @Emits({ news: News })
  @Namespace('/news')
  class NewsController {}

  const app = createApp({ controllers: [NewsController], validateEmits: variant === 'on' });
  const { port } = await app.listen(0, '127.0.0.1');
  const client = io(`http://127.0.0.1:${port}/news`, { transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  const payload = { id: 1, title: 'Socketeer 1.0 is out', tags: ['release', 'socket.io'] };
  const burst = async (n: number) => {
    let seen = 0;
    const all = new Promise<void>((resolve) => client.on('news', () => ++seen === n && resolve()));
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) app.emit('news', payload, { namespace: '/news' });
    const loop = process.hrtime.bigint();
    await all;
    const done = process.hrtime.bigint();
    client.off('news');
    return { loopNs: Number(loop - start) / n, deliveredNs: Number(done - start) / n };
  };
  await burst(Math.min(2000, EMITS)); // warm-up: JIT, zod's compiled parser, socket buffers
  const result = await burst(EMITS);
  client.disconnect();
  await app.close();
  return result;
}

/** The check alone, in this process: ns per checkEmit call, and per bare zod safeParse of the same payload. */
async function measureCheck(): Promise<{ checkNs: number; parseNs: number }> {
  const { createApp, Emits, Namespace } = await import('socketeer');
  const { checkEmit } = await import('../src/emit-validation.js');
  const { z } = await import('zod');
  const News = z.object({ id: z.number(), title: z.string().max(200), tags: z.array(z.string()) });
  @Emits({ news: News })
  @Namespace('/news')
  class NewsController {}
  const app = createApp({ controllers: [NewsController], validateEmits: true });
  const args = [{ id: 1, title: 'Socketeer 1.0 is out', tags: ['release', 'socket.io'] }];
  const n = 200_000;
  const time = (fn: () => void) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    return Number(process.hrtime.bigint() - start) / n;
  };
  time(() => checkEmit(app.io, '/news', 'news', args, 'app.emit')); // warm-up
  const checkNs = time(() => checkEmit(app.io, '/news', 'news', args, 'app.emit'));
  const parseNs = time(() => News.safeParse(args[0]));
  await app.close();
  return { checkNs, parseNs };
}

if (values.child === 'check') {
  process.stdout.write(JSON.stringify(await measureCheck()));
} else if (values.child !== undefined) {
  process.stdout.write(JSON.stringify(await measure(values.child as Variant)));
} else {
  const variants: Variant[] = ['off', 'on'];
  const samples: Record<Variant, { loopNs: number; deliveredNs: number }[]> = { off: [], on: [] };
  const checks: { checkNs: number; parseNs: number }[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    const check = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', 'check'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (check.status !== 0) throw new Error(`bench child (check) failed:\n${check.stderr}`);
    checks.push(JSON.parse(check.stdout) as { checkNs: number; parseNs: number });
    for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', variant, '--emits', String(EMITS)],
        {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      if (child.status !== 0) throw new Error(`bench child (${variant}) failed:\n${child.stderr}`);
      samples[variant].push(JSON.parse(child.stdout) as { loopNs: number; deliveredNs: number });
    }
  }
  const result: EmitValidationResult = {
    date: new Date().toISOString(),
    node: process.version,
    emits: EMITS,
    samples,
    checks,
    load: loadavg()[0]!,
  };
  writeFileSync(`${ROOT}bench/results/validate-emits.json`, `${JSON.stringify(result, null, 2)}\n`);
  const section = renderEmitValidation(result);
  const page = readFileSync(`${ROOT}docs/performance.md`, 'utf8');
  const start = page.indexOf('## Validating emits');
  const end = start < 0 ? -1 : page.indexOf('\n## ', start + 1);
  const next =
    start < 0
      ? page.replace('\n## Machine', `\n${section}\n## Machine`)
      : page.slice(0, start) + section + page.slice(end + 1);
  writeFileSync(`${ROOT}docs/performance.md`, next);
  console.log(section);
}
