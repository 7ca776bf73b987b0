import { buildApp } from './app.js';

const app = buildApp();
const { port } = await app.listen(Number(process.env.PORT ?? 3000));
console.log(`Listening on http://localhost:${port}`);

// Close connections cleanly on Ctrl-C, `kill` and `docker stop`.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
