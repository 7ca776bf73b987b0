import {
  call,
  ConnectionRefusedError,
  disconnect,
  emit,
  joinRoom,
  leaveRoom,
  Namespace,
  On,
  OnConnect,
  OnDisconnect,
  OnError,
  request,
  send,
  tuple,
  type Logger,
} from 'socketeer';
import { z } from 'zod';

const MyEvent = z.object({ data: z.string() });
const ThreeStrings = z.tuple([z.string(), z.string(), z.string()]);
const Presence = z.object({ username: z.string().min(1).max(32), room: z.string().min(1).max(64) });

/** What the connect handler needs to know. */
export interface MainSettings {
  /** The token clients must send in `auth` to connect to '/'. */
  token: string;
}

/** The default namespace: every feature of Flask-SocketIO's "Getting Started", one handler each. */
@Namespace('/')
export class MainController {
  constructor(
    private readonly log: Logger,
    private readonly settings: MainSettings,
  ) {}

  /** Connect with auth: a wrong or missing token is refused, and the client learns why. */
  @OnConnect()
  connect(auth?: { token?: unknown }) {
    if (auth?.token !== this.settings.token) {
      throw new ConnectionRefusedError('unauthorized!', { hint: 'connect with auth: { token }' });
    }
    emit('my response', { data: 'Connected' });
  }

  @OnDisconnect()
  disconnect(reason: string) {
    this.log.info({ sid: request.sid, reason }, 'client disconnected');
  }

  /** The unnamed `message` event, bounced back with send(). */
  @On('message')
  message(message: unknown) {
    send(message);
  }

  /** The unnamed `json` event, bounced back as json. */
  @On('json')
  json(data: unknown) {
    send(data, { json: true });
  }

  /** A custom event: answers with another event, and acknowledges with two values. */
  @On('my event', MyEvent)
  myEvent(data: z.infer<typeof MyEvent>) {
    emit('my response', data);
    return tuple('one', 2);
  }

  /** Several arguments, validated together by a tuple schema; sent back as several arguments. */
  @On('my_event', ThreeStrings)
  myMultiEvent(arg1: string, arg2: string, arg3: string) {
    emit('my response', tuple(arg1, arg2, arg3));
    return arg1 + arg2 + arg3;
  }

  /** Everyone on this namespace gets it, the sender too. */
  @On('broadcast event', MyEvent)
  broadcastEvent(data: z.infer<typeof MyEvent>) {
    emit('my response', data, { broadcast: true });
  }

  /** send() to another namespace: the sender's own connection to '/chat'. */
  @On('to chat')
  toChat(message: unknown) {
    send(message, { namespace: '/chat' });
  }

  /** Asks the client something and waits for its acknowledgement (an emit with a callback). */
  @On('ask me')
  async askMe() {
    const answer = await call('are you there?', { data: 'ping' }, { timeout: 2000 });
    emit('you answered', answer);
  }

  @On('join', Presence)
  join({ username, room }: z.infer<typeof Presence>) {
    joinRoom(room);
    send(`${username} has entered the room.`, { to: room });
  }

  @On('leave', Presence)
  leave({ username, room }: z.infer<typeof Presence>) {
    leaveRoom(room);
    send(`${username} has left the room.`, { to: room });
  }

  /**
   * The server ends the connection, as Flask-SocketIO's example does: it says goodbye with a
   * callback, and disconnects once the client has acknowledged it.
   */
  @On('disconnect request')
  disconnectRequest() {
    emit('my response', { data: 'Disconnected!' }, { callback: () => disconnect() });
  }

  /** Fails on purpose, to show the error handler. */
  @On('my error event')
  myErrorEvent() {
    throw new Error('this handler always fails');
  }

  /** This namespace's error handler: request.event and request.args say what failed. */
  @OnError()
  failed(err: unknown) {
    this.log.error({ event: request.event, args: request.args, err: String(err) }, 'handler failed');
    return { error: { code: 'internal_error', message: `'${request.event}' failed.` } };
  }
}
