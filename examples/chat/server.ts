/**
 * A chat: three namespaces, rooms, private messages, a user list and
 * broadcast notifications, with a page at `/`. `npm start` runs it.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import express from 'express';
import { createApp, type AppOptions } from 'socketeer';
import { ChatController } from './controllers/chat-controller.js';
import { DefaultController } from './controllers/default-controller.js';
import { NotificationsController } from './controllers/notifications-controller.js';

export function createChatApp(options: Omit<AppOptions, 'controllers'> = {}) {
  const app = createApp({ ...options, controllers: [DefaultController, ChatController, NotificationsController] });
  // The page; socket.io serves its own client at /socket.io/socket.io.js.
  app.express.use(express.static(fileURLToPath(new URL('./public', import.meta.url))));
  return app;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // ADMIN_PASSWORD=... npm start serves socket.io's admin UI at /admin (user ADMIN_USER, default 'admin').
  const password = process.env.ADMIN_PASSWORD;
  const app = createChatApp({
    logger: process.env.LOG === '1',
    ...(password && { admin: { auth: { username: process.env.ADMIN_USER ?? 'admin', password } } }),
  });
  const { port, host } = await app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
  console.log(`listening on http://${host}:${port}`);
  // listen() closes the app gracefully on SIGTERM/SIGINT (clients can then resume elsewhere).
}
