import { createApp, type AppOptions } from 'socketeer';
import { GreeterController } from './controllers/greeter.js';

/** Builds the app without starting it: the server starts it, tests start their own. */
export function buildApp(options: AppOptions = {}) {
  const app = createApp({ controllers: [GreeterController], ...options });
  // app.express is a plain express app for your HTTP routes.
  app.express.get('/health', (_req, res) => {
    res.send('ok');
  });
  return app;
}
