/**
 * Broadcasts into the stream of @socket.io/redis-streams-adapter from a process without
 * socket.io. That adapter ships no emitter; this writes the entry its nodes already accept
 * from socket.io's emitters (uid "emitter", a BROADCAST message), so every node delivers it
 * and stamps it with the stream offset, which makes it replayable by connection state recovery.
 * Pinned to the adapter's 0.3 format; test/scale/emitter.test.ts checks it against real nodes.
 * Internal module: not exported from the package entry points.
 */
import type { Redis } from 'ioredis';
import { SocketeerError } from '../errors.js';

const EMITTER_UID = 'emitter';
const BROADCAST = 3; // socket.io-adapter's MessageType.BROADCAST
const EVENT = 2; // socket.io-parser's PacketType.EVENT
const MAX_LEN = 10_000; // the adapter's default stream length

function hasBinary(value: unknown): boolean {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(hasBinary);
}

export async function streamsBroadcast(
  client: Redis,
  streamName: string,
  nsp: string,
  data: unknown[],
  rooms: string[],
  except: string[],
): Promise<void> {
  if (hasBinary(data)) {
    throw new SocketeerError(
      'invalid_option',
      "emitter.emit: binary payloads need redisAdapter 'pubsub'; the streams emitter sends JSON.",
    );
  }
  const message = { packet: { type: EVENT, data, nsp }, opts: { rooms, except, flags: {} } };
  await client.xadd(
    streamName,
    'MAXLEN',
    '~',
    String(MAX_LEN),
    '*',
    'uid',
    EMITTER_UID,
    'nsp',
    nsp,
    'type',
    String(BROADCAST),
    'data',
    JSON.stringify(message),
  );
}
