import { emit, Namespace, On, OnConnect, OnDisconnect, request, type Logger } from 'socketeer';

/**
 * A class-based namespace, like Flask-SocketIO's `Namespace('/test')` with `on_connect`,
 * `on_disconnect` and `on_my_event`. It has no error handler of its own, so its errors go
 * to the app's default one.
 */
@Namespace('/test')
export class TestNamespace {
  constructor(private readonly log: Logger) {}

  @OnConnect()
  connect() {
    this.log.info({ sid: request.sid }, 'connected to /test');
  }

  @OnDisconnect()
  disconnect() {
    this.log.info({ sid: request.sid }, 'left /test');
  }

  @On('my_event')
  myEvent(data: unknown) {
    emit('my_response', data);
  }

  @On('fail')
  fail() {
    throw new TypeError('failing on purpose');
  }
}

/** '/chat' only exists so '/' can send() there; it bounces messages like '/'. */
@Namespace('/chat')
export class ChatNamespace {
  @On('message')
  message(message: unknown) {
    emit('message', message);
  }
}
