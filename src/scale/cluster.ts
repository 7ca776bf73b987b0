/**
 * Several workers behind one port on one machine: node:cluster with @socket.io/sticky, so a
 * long-polling client's requests all reach the worker that holds its session. Workers share
 * rooms through the app's Redis adapter when it has `messageQueue`, otherwise through
 * @socket.io/cluster-adapter (messages relayed by the primary over IPC).
 */
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import type { App } from '../app.js';
import { SocketeerError } from '../errors.js';
import { fallbackLogger, resolveLogger, type LoggerOption } from '../logger.js';
import { checkOptions } from '../options.js';
import { clusterAdapter, sticky } from './packages.js';
import { linkOf } from './redis-adapter.js';

export interface ClusterOptions {
  /** How many worker processes. Default: the number of CPUs. */
  workers?: number;
  /** The one port every worker serves. Default 0 (any free port; see the result). */
  port?: number;
  host?: string;
  /** How the primary picks a worker for a new client. Default `'least-connection'`. */
  loadBalancingMethod?: 'least-connection' | 'round-robin' | 'random';
  /** Logs worker starts and exits (the primary's side). */
  logger?: LoggerOption;
}

/** What `serveCluster` resolves with: the primary's view, or a worker's. */
export type ClusterNode =
  | { role: 'primary'; port: number; host: string; close(): Promise<void> }
  | { role: 'worker'; app: App; close(): Promise<void> };

const CLUSTER_OPTIONS: ReadonlySet<string> = new Set(['workers', 'port', 'host', 'loadBalancingMethod', 'logger']);
const READY = 'socketeer:worker-ready';
const CLOSE = 'socketeer:worker-close';

/**
 * Runs `makeApp` in `workers` processes behind one port. Call it from your entry module: in
 * the primary it forks the workers (which run the same module) and listens; in each worker it
 * builds the app and serves the connections the primary hands over. SIGINT/SIGTERM close
 * everything gracefully.
 * @example
 * ```ts
 * const node = await serveCluster(() => createApp({ controllers: [Chat], messageQueue: 'redis://127.0.0.1:6379' }), { workers: 4, port: 3000 });
 * if (node.role === 'primary') console.log(`listening on ${node.port}`);
 * ```
 */
export async function serveCluster(
  makeApp: () => App | Promise<App>,
  options: ClusterOptions = {},
): Promise<ClusterNode> {
  checkOptions(options, CLUSTER_OPTIONS, 'serveCluster');
  if (typeof makeApp !== 'function')
    throw new SocketeerError(
      'invalid_option',
      'serveCluster: the first argument must be a function that returns an app.',
    );
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1)
    throw new SocketeerError('invalid_option', 'serveCluster: workers must be a positive integer.');
  return cluster.isPrimary ? primary(workers, options) : worker(makeApp);
}

async function worker(makeApp: () => App | Promise<App>): Promise<ClusterNode> {
  const app = await makeApp();
  await app.ready();
  // Without a message queue, workers talk through the primary.
  if (!linkOf(app.io)) app.io.adapter(clusterAdapter().createAdapter());
  sticky().setupWorker(app.io);
  const close = async () => {
    await app.close();
    process.exit(0);
  };
  process.on('message', (msg: unknown) => {
    if (msg === CLOSE) void close();
  });
  process.send?.(READY);
  return { role: 'worker', app, close };
}

async function primary(count: number, options: ClusterOptions): Promise<ClusterNode> {
  const logger = resolveLogger(options.logger);
  let closing = false;
  clusterAdapter().setupPrimary();
  // sticky hands raw request bytes (Buffers) to the workers over IPC; JSON would mangle them.
  cluster.setupPrimary({ serialization: 'advanced' });

  const fork = () =>
    new Promise<void>((resolve, reject) => {
      const w = cluster.fork();
      let ready = false;
      w.once('exit', (code: number | null) => {
        if (closing) return;
        (logger ?? fallbackLogger).error({ pid: w.process.pid, code }, 'worker exited');
        if (!ready)
          reject(
            new Error(`serveCluster: a worker exited with code ${code} before it was ready; see its output above.`),
          );
        else void fork().catch(() => {}); // a worker that dies after it was ready is replaced
      });
      w.on('message', (msg: unknown) => {
        if (msg !== READY) return;
        ready = true;
        logger?.info({ pid: w.process.pid }, 'worker ready');
        resolve();
      });
    });

  try {
    await Promise.all(Array.from({ length: count }, fork));
  } catch (err) {
    closing = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    throw err;
  }

  const http = createServer();
  sticky().setupMaster(http, { loadBalancingMethod: options.loadBalancingMethod ?? 'least-connection' });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address() as AddressInfo;

  const close = async () => {
    if (closing) return;
    closing = true;
    http.close();
    http.closeAllConnections();
    await Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (w) =>
          new Promise<void>((resolve) => {
            if (!w || w.isDead()) return resolve();
            const timer = setTimeout(() => w.kill('SIGKILL'), 5000);
            w.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            w.send(CLOSE);
          }),
      ),
    );
  };
  const onSignal = () => void close().then(() => process.exit(0));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { role: 'primary', port: address.port, host: address.address, close };
}
