// The child side of a benchmarked server: start it, then answer the parent's questions over IPC.
// Every server variant calls serve() once; the parent side lives in ../server-process.ts.
import type { ServerReply, ServerRequest } from '../protocol.js';

export interface Started {
  port: number;
  close(): Promise<void>;
}

function reply(message: ServerReply): void {
  process.send?.(message);
}

function collectGarbage(): void {
  const gc = globalThis.gc;
  if (!gc) throw new Error('start the server with --expose-gc');
  // Two passes: the first may only queue finalizers that free more in the second.
  gc();
  gc();
}

export async function serve(start: () => Promise<Started>): Promise<void> {
  if (!process.send) throw new Error('a bench server runs as a child process with an IPC channel');
  const server = await start();
  let stopping = false;
  process.on('message', (message: ServerRequest) => {
    switch (message.type) {
      case 'cpu':
        reply({ type: 'cpu', usage: process.cpuUsage(), at: Number(process.hrtime.bigint()) });
        return;
      case 'memory': {
        collectGarbage();
        const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
        reply({ type: 'memory', rss, heapUsed, external, arrayBuffers });
        return;
      }
      case 'stop':
        if (stopping) return;
        stopping = true;
        // exit() rather than waiting for the event loop to drain, so --cpu-prof is written promptly.
        void server.close().finally(() => process.exit(0));
        return;
    }
  });
  // The parent going away must not leave this process behind.
  process.on('disconnect', () => process.exit(0));
  reply({ type: 'ready', port: server.port });
}
