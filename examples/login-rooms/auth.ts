/**
 * Login for the socket handlers, the equivalents of Flask-Login's `@login_required` and
 * `current_user`. The connect handler copies the user from the express session (shared
 * through the session cookie) into the connection's `request.session`.
 */
import type { IncomingMessage } from 'node:http';
import type { SessionData } from 'express-session';
import { request, SocketeerError, type Middleware } from 'socketeer';
import type { User } from './users.js';

declare module 'express-session' {
  interface SessionData {
    user: User;
  }
}

/** What this example keeps per connection (request.session persists across its events). */
export interface LoginSession {
  /** The logged-in user, read from the login session when the connection opened. */
  user?: User;
  /** The rooms this connection is in, for the goodbye notices. */
  rooms?: string[];
}
export const state = (): LoginSession => request.session;

/** The room every connection of one login session is in, so logging out can close them all. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** The express session of the handshake request (put there by the session middleware). */
export function handshakeSession(): (Partial<SessionData> & { id: string }) | undefined {
  return (request.socket.request as IncomingMessage & { session?: Partial<SessionData> & { id: string } }).session;
}

function unauthorized(): SocketeerError {
  return new SocketeerError('unauthorized', 'Log in to use the rooms.');
}

/** `@Use(requireLogin)`: refuses the event with `unauthorized` unless a user is logged in. */
export const requireLogin: Middleware = (ctx, next) => {
  if (!(ctx.session as LoginSession).user) throw unauthorized();
  return next();
};

/** The logged-in user of the connection being handled; throws `unauthorized` if there is none. */
export function currentUser(): User {
  const user = state().user;
  if (!user) throw unauthorized();
  return user;
}
