// The bench app on Socketeer; argv[2] picks the controller style: sync | async | await | zod.
import { createApp } from 'socketeer';
import { serve } from './harness.js';
import { AsyncController, AwaitingController, SyncController, ZodController } from './socketeer-controllers.js';

const controllers = { sync: SyncController, async: AsyncController, await: AwaitingController, zod: ZodController };
const style = process.argv[2] ?? 'sync';
if (!(style in controllers)) throw new Error(`unknown Socketeer style '${style}': sync, async, await or zod`);

await serve(async () => {
  const app = createApp({ controllers: [controllers[style as keyof typeof controllers]] });
  const { port } = await app.listen(0, '127.0.0.1');
  return { port, close: () => app.close() };
});
