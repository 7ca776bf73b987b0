/**
 * The client's address (Flask's `request.remote_addr`). Behind a proxy the TCP peer is the
 * proxy, and X-Forwarded-For names the client; but any client can send that header, so it is
 * read only when the app says how many proxies it trusts (createApp `trustProxy`).
 * Internal module: not exported from the package entry points.
 */
import type { Server, Socket } from 'socket.io';
import { SocketeerError } from './errors.js';

/** `false` (default): the peer address. `true`: the first X-Forwarded-For entry. `n`: n proxies in front. */
export type TrustProxy = boolean | number;

const trusted = new WeakMap<Server, TrustProxy>();

export function checkTrustProxy(value: unknown): TrustProxy {
  if (value === undefined) return false;
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value) && value >= 0)) return value;
  throw new SocketeerError(
    'invalid_option',
    'createApp: trustProxy is true, false, or the number of proxies in front of the app (a whole number >= 0).',
  );
}

export function setTrustProxy(io: Server, value: TrustProxy): void {
  if (value !== false && value !== 0) trusted.set(io, value);
}

/** IPv4 clients of a dual-stack server show as '::ffff:1.2.3.4'; Flask shows '1.2.3.4'. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** The address the client connected from, per the app's `trustProxy`. */
export function remoteAddress(socket: Socket): string {
  const peer = plain(socket.handshake.address);
  const trust = trusted.get(socket.nsp.server);
  if (trust === undefined) return peer;
  const header = socket.handshake.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  // The chain as seen from the app: the client first, then each proxy, then the peer.
  const chain = [...forwarded, peer];
  const index = typeof trust === 'number' ? Math.max(0, chain.length - 1 - trust) : 0;
  return plain(chain[index]!);
}
