/**
 * The Redis and cluster packages, loaded on first use: an app that never scales out does not
 * pay for them at startup or in memory (see the boot and idle figures in docs/performance.md).
 * They are CommonJS packages, so a synchronous require keeps the call sites synchronous.
 * Internal module: not exported from the package entry points.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const ioredis = (): typeof import('ioredis') => require('ioredis');
export const redisAdapter = (): typeof import('@socket.io/redis-adapter') => require('@socket.io/redis-adapter');
export const redisStreamsAdapter = (): typeof import('@socket.io/redis-streams-adapter') =>
  require('@socket.io/redis-streams-adapter');
export const redisEmitter = (): typeof import('@socket.io/redis-emitter') => require('@socket.io/redis-emitter');
export const clusterAdapter = (): typeof import('@socket.io/cluster-adapter') => require('@socket.io/cluster-adapter');
export const sticky = (): typeof import('@socket.io/sticky') => require('@socket.io/sticky');
/** socket.io-adapter as the streams adapter resolves it: the classes its adapters extend. */
export const streamsAdapterBase = (): typeof import('socket.io-adapter') =>
  createRequire(require.resolve('@socket.io/redis-streams-adapter'))('socket.io-adapter');
