/** Type tests for the context helpers, the request and the app (see on-schema.test-d.ts). */
import { call, createApp, emit, joinRoom, request, rooms, send, SocketeerError, tuple, type Session } from 'socketeer';

export function handlerBody(): void {
  const sid: string = request.sid;
  const namespace: string = request.namespace;
  const args: unknown[] = request.args;
  const session: Session = request.session;
  session['user'] = { id: 1 };
  const cookie: string | undefined = request.cookies['theme'];
  void [sid, namespace, args, cookie];

  emit('status', { msg: 'hi' });
  emit('status', tuple('a', 1), { to: ['room', sid], includeSelf: false, skipSid: sid, namespace: '/chat' });
  emit('status', undefined, { room: 'r', broadcast: true, callback: (...values: unknown[]) => values });
  send('text', { json: false, to: 'room' });
  joinRoom('room', { sid, namespace: '/chat' });
  const list: string[] = rooms();
  const answer: Promise<unknown> = call('ping', 1, { timeout: 100, to: sid });
  void [list, answer];

  // @ts-expect-error `to` is a room, a sid or a list of them
  emit('x', 1, { to: 1 });
  // @ts-expect-error includeSelf is a boolean
  emit('x', 1, { includeSelf: 'no' });
  // @ts-expect-error a misspelt option is a compile error too (and throws at runtime)
  emit('x', 1, { rooms: 'typo' });
  // @ts-expect-error send takes json; emit does not
  emit('x', 1, { json: true });
  // @ts-expect-error call's timeout is a number of milliseconds
  void call('x', 1, { timeout: '1s' });
}

const app = createApp({
  controllers: ['src/**/*.controller.ts'],
  cors: { origin: ['https://example.com'] },
  io: { connectTimeout: 5000 },
});
app.emit('news', { text: 'hi' }, { namespace: '/chat', to: 'lobby', skipSid: ['a', 'b'] });
app.send('hello', { json: true });
app.closeRoom('lobby', { namespace: '/chat' });
export const port: Promise<{ port: number; host: string }> = app.listen(0, '127.0.0.1');
// @ts-expect-error createApp rejects unknown options at compile time too
createApp({ controlers: [] });
// @ts-expect-error app.on needs a handler function
app.on('x', 'not a function');

export const err = new SocketeerError('forbidden', 'No.');
export const code: string = err.code;
