/** A server process for the signal test: prints its port, closes gracefully on SIGTERM/SIGINT. */
import { createApp, request } from 'socketeer';

const app = createApp();
app.on('slow', async (ms: number) => {
  await new Promise((r) => setTimeout(r, ms));
  return `finished after ${ms} ms${request.signal.aborted ? ' (abandoned)' : ''}`;
});
const { port } = await app.listen(0, '127.0.0.1');
app.closeOnSignals({ deadline: Number(process.env.DEADLINE ?? 2000) });
process.stdout.write(`${port}\n`);
