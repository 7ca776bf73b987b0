/**
 * Real processes for the scale-out tests: redis-server on a free port, Socketeer nodes as
 * child processes, socket.io clients. Everything started here is stopped by PID.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  io as connectClient,
  type Socket as ClientSocket,
  type ManagerOptions,
  type SocketOptions,
} from 'socket.io-client';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** false when the tests can run; the skip message otherwise (never under CI=true). */
export function redisSkip(): string | false {
  if (spawnSync('redis-server', ['--version']).status === 0) return false;
  if (process.env.CI === 'true') return false; // under CI a missing redis-server must fail, not skip
  return 'redis-server is not on PATH: install it (apt-get install redis-server) to run the scale-out tests';
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function waitForLine(
  child: ChildProcess,
  stream: 'stdout' | 'stderr',
  match: RegExp,
  what: string,
  ms = 10_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => done(new Error(`${what}: no line matching ${match} within ${ms} ms; output so far:\n${buffer}`)),
      ms,
    );
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => match.test(l));
      if (line !== undefined) done(undefined, line);
    };
    const onExit = (code: number | null) =>
      done(new Error(`${what} exited (code ${code}) before it was ready; output:\n${buffer}`));
    function done(err?: Error, line?: string) {
      clearTimeout(timer);
      child[stream]!.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(line!);
    }
    child[stream]!.on('data', onData);
    child.once('exit', onExit);
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => process.kill(child.pid!, 'SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    process.kill(child.pid!, signal);
  });
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL: an outage, not a shutdown). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error('redis-server is not on PATH: install it with apt-get install redis-server');
  }
  const port = await freePort();
  let child: ChildProcess;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitForLine(child, 'stdout', /Ready to accept connections/, 'redis-server');
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: () => stopChild(child, 'SIGKILL'),
    restart: start,
    stop: () => stopChild(child, 'SIGKILL'),
  };
}

export interface NodeProcess {
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Runs a fixture script with tsx; it prints `{"port":N}` on stdout once it listens. */
export async function startNode(script: string, env: Record<string, string>): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURES + script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errText = '';
  child.stderr!.on('data', (c: Buffer) => (errText += c.toString()));
  const line = await waitForLine(child, 'stdout', /^\{"port":\d+\}$/, script, 45_000).catch((err: Error) => {
    void stopChild(child, 'SIGKILL');
    throw new Error(`${err.message}\nstderr:\n${errText}`);
  });
  const { port } = JSON.parse(line) as { port: number };
  return { port, url: `http://127.0.0.1:${port}`, child, stderr: () => errText, stop: () => stopChild(child) };
}

type ClientOptions = Partial<ManagerOptions & SocketOptions>;
const clients = new Set<ClientSocket>();

/** A connected socket.io client (websocket only unless told otherwise). */
export function connect(url: string, options: ClientOptions = {}): Promise<ClientSocket> {
  const socket = connectClient(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...options });
  clients.add(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`could not connect to ${url}`)), 5000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export function closeClients(): void {
  for (const s of clients) s.disconnect();
  clients.clear();
}

/** The next `event` on `socket`, or a rejection after `ms`. Resolves with its arguments. */
export function next(socket: ClientSocket, event: string, ms = 3000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      reject(new Error(`no '${event}' within ${ms} ms`));
    }, ms);
    const on = (...args: unknown[]) => {
      clearTimeout(timer);
      socket.off(event, on);
      resolve(args);
    };
    socket.on(event, on);
  });
}

/** Everything `socket` receives as `event` from now on. */
export function record(socket: ClientSocket, event: string): unknown[][] {
  const seen: unknown[][] = [];
  socket.on(event, (...args: unknown[]) => seen.push(args));
  return seen;
}

/** Emits with an ack and resolves with the ack's first argument. */
export function ask(socket: ClientSocket, event: string, ...args: unknown[]): Promise<any> {
  return socket.timeout(5000).emitWithAck(event, ...args);
}

/** Polls `check` every 25 ms until it returns true, for at most `ms`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}
