/**
 * Drives the shared controllers over real connections and prints what a client saw, as JSON.
 * Run as a child process under either tsconfig (TSX_TSCONFIG_PATH) by test/decorators.test.ts.
 */
import { Manager } from 'socket.io-client';
import { createApp, type SocketeerError } from 'socketeer';
import { bad, decoratorMode, good, trail } from './shared-controllers.js';

const app = createApp({ controllers: good });
const { port } = await app.listen(0, '127.0.0.1');
const managers: Manager[] = [];

function connect(namespace: string, auth: Record<string, unknown> = {}) {
  const manager = new Manager(`http://127.0.0.1:${port}`, {
    transports: ['websocket'],
    reconnection: false,
    autoConnect: false,
  });
  managers.push(manager);
  const socket = manager.socket(namespace, { auth });
  const received: unknown[][] = [];
  socket.onAny((event: string, ...args: unknown[]) => received.push([event, ...args]));
  return new Promise<{ socket: typeof socket; received: unknown[][] }>((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, received }));
    socket.once('connect_error', (err: Error & { data?: unknown }) => reject(err));
    socket.connect();
  });
}
const ackOf = (socket: Awaited<ReturnType<typeof connect>>['socket'], event: string, ...args: unknown[]) =>
  new Promise<unknown[]>((resolve) =>
    socket
      .timeout(2000)
      .emit(event, ...args, (err: Error | null, ...values: unknown[]) => resolve(err ? ['no ack'] : values)),
  );

const out: Record<string, unknown> = { mode: decoratorMode };

out['refused'] = await connect('/both').then(
  () => 'connected',
  (err: Error & { data?: unknown }) => ({ message: err.message, data: err.data }),
);
const both = await connect('/both', { token: 'ok' });
out['greet'] = await ackOf(both.socket, 'greet', { name: 'ann' });
out['greetInvalid'] = await ackOf(both.socket, 'greet', { name: '' });
out['add'] = await ackOf(both.socket, 'add', 2, 3);
out['boom'] = await ackOf(both.socket, 'boom');
out['unknown'] = await ackOf(both.socket, 'whatever', 1);
out['second'] = await ackOf(both.socket, 'second');
out['received'] = both.received;
out['middleware'] = [...trail];
out['tenant'] = await ackOf((await connect('/tenant-acme')).socket, 'where');
const derived = await connect('/derived');
out['derived'] = [await ackOf(derived.socket, 'base'), await ackOf(derived.socket, 'own')];

const bootError = (controllers: Function[]) => {
  try {
    createApp({ controllers });
    return 'booted';
  } catch (err) {
    return `${(err as SocketeerError).code}: ${(err as Error).message}`;
  }
};
out['bootErrors'] = [
  bootError([bad.DuplicateA, bad.DuplicateB]),
  bootError([bad.Undecorated]),
  bootError([bad.Reserved]),
  bootError([bad.OrphanUse]),
  bootError([bad.Stacked]),
];

both.socket.disconnect();
await new Promise((resolve) => setTimeout(resolve, 20)); // let the server see the disconnect
for (const manager of managers) manager.engine?.close();
await app.close();
out['disconnect'] = trail.filter((t) => t.startsWith('bye:'));
process.stdout.write(JSON.stringify(out));
