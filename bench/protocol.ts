// What the bench parent and a benchmarked server say to each other over IPC,
// and the socket.io events every server variant implements.

export type ServerRequest = { type: 'cpu' } | { type: 'memory' } | { type: 'stop' };

export type ServerReply =
  | { type: 'ready'; port: number }
  /** at: process.hrtime.bigint() in ns, same monotonic clock in every process of the machine. */
  | { type: 'cpu'; usage: NodeJS.CpuUsage; at: number }
  | { type: 'memory'; rss: number; heapUsed: number; external: number; arrayBuffers: number };

/**
 * The app under test, identical in every variant:
 * - 'echo' (payload) acks with the payload;
 * - 'join' (room) joins the room and acks with no arguments;
 * - 'fanout' ({ room, text }) emits 'msg' with the same object to everyone in the room
 *   (the sender included) and acks with no arguments.
 */
export const EVENTS = { echo: 'echo', join: 'join', fanout: 'fanout', message: 'msg' } as const;

export interface EchoPayload {
  text: string;
  n: number;
}

export interface FanoutPayload {
  room: string;
  text: string;
}

export const ECHO_PAYLOAD: EchoPayload = { text: 'hello, world', n: 42 };

/** Sent once by servers/socketeer-boot.ts. */
export interface BootReport {
  type: 'boot';
  controllers: number;
  handlers: number;
  /** Generating and decorating the classes. */
  decorateMs: number;
  /** createApp() until listen() resolved: scanning the metadata and binding the handlers. */
  bootMs: number;
}
