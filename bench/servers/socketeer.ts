// The bench app on Socketeer; argv[2] picks the controller style: sync | async | await | zod;
// argv[3] optionally turns on an operations feature: metrics (prom-client, not scraped) or
// tracing (tracing: true with no OpenTelemetry SDK registered, the cost of the idle check).
import { createApp } from 'socketeer';
import { serve } from './harness.js';
import { AsyncController, AwaitingController, SyncController, ZodController } from './socketeer-controllers.js';

const controllers = { sync: SyncController, async: AsyncController, await: AwaitingController, zod: ZodController };
const style = process.argv[2] ?? 'sync';
if (!(style in controllers)) throw new Error(`unknown Socketeer style '${style}': sync, async, await or zod`);

const feature = process.argv[3];
if (feature !== undefined && feature !== 'metrics' && feature !== 'tracing')
  throw new Error(`unknown feature '${feature}': metrics or tracing`);

await serve(async () => {
  const app = createApp({
    controllers: [controllers[style as keyof typeof controllers]],
    ...(feature === 'metrics' && { metrics: true }),
    ...(feature === 'tracing' && { tracing: true }),
  });
  const { port } = await app.listen(0, '127.0.0.1');
  return { port, close: () => app.close() };
});
