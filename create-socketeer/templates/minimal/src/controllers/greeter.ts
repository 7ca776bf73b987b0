import { emit, Namespace, On, OnConnect, request } from 'socketeer';
import { z } from 'zod';

/** What a `greet` event must carry. The handler's parameter type comes from it. */
const Greeting = z.object({ name: z.string().trim().min(1).max(40) });

/** Handles the default namespace, `/`. One method per event, like Flask-SocketIO's `@socketio.on`. */
@Namespace('/')
export class GreeterController {
  /** Runs for every new connection; `emit` with no target answers the client that connected. */
  @OnConnect()
  connect() {
    emit('welcome', { message: 'Welcome to Socketeer!', sid: request.sid });
  }

  /**
   * The payload is validated first: a bad one is answered with a `validation_error` and never
   * reaches this method. What it returns is the acknowledgement the client's callback receives.
   */
  @On('greet', Greeting)
  greet({ name }: z.infer<typeof Greeting>) {
    return { message: `Hello, ${name}!` };
  }
}
