import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { createApp, Namespace, On } from 'socketeer';
import { createTestClient } from 'socketeer/testing';

const PACKAGES = ['prom-client', '@opentelemetry/api', '@socket.io/admin-ui', 'bcryptjs'];
const loaded = () =>
  PACKAGES.filter((name) =>
    Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes(`node_modules/${name}/`)),
  );

@Namespace('/')
class Echo {
  @On('echo') echo(x: unknown) {
    return x;
  }
}

test('an app without admin, metrics or tracing loads none of their packages; each loads when turned on', async () => {
  const app = createApp({ controllers: [Echo] });
  await app.listen(0, '127.0.0.1');
  const client = await createTestClient(app);
  assert.equal(await client.emit('echo', 1), 1);
  assert.deepEqual(loaded(), []);
  await app.close();

  const tracing = createApp({ tracing: true });
  assert.deepEqual(loaded(), ['@opentelemetry/api']);
  await tracing.close();
  const metrics = createApp({ metrics: true });
  assert.deepEqual(loaded(), ['prom-client', '@opentelemetry/api']); // prom-client uses the API itself
  await metrics.close();
  const admin = createApp({ admin: { auth: { username: 'a', password: 'b' } } });
  assert.deepEqual(loaded(), PACKAGES);
  await admin.close();
});
