import { fileURLToPath } from 'node:url';
import express from 'express';
import { createApp, type AppOptions } from 'socketeer';
import { ChatController } from './controllers/chat.js';
import { NotificationsController } from './controllers/notifications.js';

/** public/ sits beside src/ (and beside dist/ once built). */
const publicDir = fileURLToPath(new URL('../public/', import.meta.url));

/** Builds the app without starting it: the server starts it, tests start their own. */
export function buildApp(options: AppOptions = {}) {
  const app = createApp({ controllers: [ChatController, NotificationsController], ...options });
  // The page; socket.io itself serves its client at /socket.io/socket.io.js.
  app.express.use(express.static(publicDir));
  return app;
}
