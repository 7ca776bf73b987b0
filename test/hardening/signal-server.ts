/**
 * A server process for the signal tests: prints its port, closes gracefully on SIGTERM/SIGINT.
 * SIGNALS: 'explicit' (default here: app.closeOnSignals()), 'default' (what listen() does by
 * itself) or 'off' (createApp({ handleSignals: false })).
 */
import { createApp, request } from 'socketeer';

const mode = process.env.SIGNALS ?? 'explicit';
const app = createApp({ handleSignals: mode !== 'off' });
app.on('slow', async (ms: number) => {
  await new Promise((r) => setTimeout(r, ms));
  return `finished after ${ms} ms${request.signal.aborted ? ' (abandoned)' : ''}`;
});
const { port } = await app.listen(0, '127.0.0.1');
if (mode === 'explicit') app.closeOnSignals({ deadline: Number(process.env.DEADLINE ?? 2000) });
process.stdout.write(`${port}\n`);
