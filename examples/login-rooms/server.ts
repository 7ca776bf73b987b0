/**
 * Rooms behind a login: an express login form sets a session cookie; the socket
 * connection reads the same session, and every socket event requires a logged-in user.
 * Run it: `npx tsx examples/login-rooms/server.ts` (PORT and HOST override 3000 and 127.0.0.1).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import express, { type RequestHandler } from 'express';
import session from 'express-session';
import { createApp, type AppOptions } from 'socketeer';
import { sessionRoom } from './auth.js';
import { RoomController } from './room-controller.js';
import { DEMO_USERS, UserDirectory } from './users.js';

export interface LoginRoomsOptions extends Omit<AppOptions, 'controllers'> {
  /** Signs the session cookie. Default: SESSION_SECRET, or a random one (sessions end on restart). */
  sessionSecret?: string;
  users?: { name: string; password: string }[];
}

const page = (name: string) => fileURLToPath(new URL(`./public/${name}`, import.meta.url));

export function createLoginRoomsApp({ sessionSecret, users = DEMO_USERS, ...options }: LoginRoomsOptions = {}) {
  const app = createApp({ ...options, controllers: [RoomController] });
  const directory = new UserDirectory(users);
  const sessions = session({
    secret: sessionSecret ?? process.env.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    name: 'login_rooms.sid',
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax' },
  });

  // The socket.io handshake goes through the same session middleware, so the connect
  // handler finds the login in request.socket.request.session. Only the handshake needs it.
  const runSessions = sessions as unknown as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  app.io.engine.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const isHandshake = !new URL(req.url ?? '/', 'http://localhost').searchParams.has('sid');
    if (isHandshake) runSessions(req, res, next);
    else next();
  });

  const web = app.express;
  web.use(sessions);
  web.use(express.urlencoded({ extended: false, limit: '4kb' }));
  web.use('/static', express.static(fileURLToPath(new URL('./public', import.meta.url)), { index: false }));

  const loginRequired: RequestHandler = (req, res, next) => (req.session.user ? next() : res.redirect('/login'));

  web.get('/', (req, res) => res.redirect(req.session.user ? '/room' : '/login'));
  web.get('/login', (_req, res) => res.sendFile(page('login.html')));
  web.post('/login', (req, res, next) => {
    const user = directory.check(String(req.body?.username ?? ''), String(req.body?.password ?? ''));
    if (!user) return res.redirect(303, '/login?failed=1');
    const previous = req.sessionID;
    // A fresh session id on login (no session fixation); the old session's sockets go.
    req.session.regenerate((err) => {
      if (err) return next(err);
      app.io.in(sessionRoom(previous)).disconnectSockets();
      req.session.user = user;
      req.session.save((err2) => (err2 ? next(err2) : res.redirect(303, '/room')));
    });
  });
  web.post('/logout', (req, res, next) => {
    const id = req.sessionID;
    req.session.destroy((err) => {
      if (err) return next(err);
      app.io.in(sessionRoom(id)).disconnectSockets();
      res.clearCookie('login_rooms.sid').redirect(303, '/login');
    });
  });
  web.get('/room', loginRequired, (_req, res) => res.sendFile(page('room.html')));
  return app;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const app = createLoginRoomsApp({ logger: process.env.LOG === '1' });
  const { port, host } = await app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
  console.log(`listening on http://${host}:${port}`);
  // listen() closes the app gracefully on SIGTERM/SIGINT (clients can then resume elsewhere).
}
