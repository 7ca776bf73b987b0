/**
 * A TCP front door for the failover tests: the load balancer in front of the nodes. Each new
 * connection goes to the next live backend (round robin); a connection whose backend dies is
 * closed on the client side too, so the client reconnects and lands on a survivor.
 */
import { createServer, connect as tcpConnect, type Socket } from 'node:net';

export interface FrontDoor {
  readonly port: number;
  readonly url: string;
  /** Sends no new connections to `port` (its node is gone). */
  remove(port: number): void;
  close(): Promise<void>;
}

export async function openFrontDoor(backends: number[]): Promise<FrontDoor> {
  const live = [...backends];
  let next = 0;
  const open = new Set<Socket>();
  const server = createServer((inbound) => {
    const target = live[next++ % Math.max(live.length, 1)];
    if (target === undefined) return inbound.destroy();
    const outbound = tcpConnect(target, '127.0.0.1');
    for (const s of [inbound, outbound]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {});
    }
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    remove(p) {
      const i = live.indexOf(p);
      if (i >= 0) live.splice(i, 1);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
