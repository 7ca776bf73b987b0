/**
 * A room chat: join, leave and talk in rooms.
 * Run it: `npx tsx examples/rooms/server.ts` (PORT and HOST override 3000 and 127.0.0.1).
 */
import { pathToFileURL } from 'node:url';
import { createApp, type AppOptions } from 'socketeer';
import { RoomsController } from './rooms-controller.js';

export function createRoomsApp(options: Omit<AppOptions, 'controllers'> = {}) {
  const app = createApp({ ...options, controllers: [RoomsController] });
  app.express.get('/', (_req, res) => {
    res.type('text/plain').send('A socket.io server with join, leave and message events.\n');
  });
  return app;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const app = createRoomsApp();
  const { port, host } = await app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
  console.log(`listening on http://${host}:${port}`);
  // listen() closes the app gracefully on SIGTERM/SIGINT (clients can then resume elsewhere).
}
