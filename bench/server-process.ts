// The parent side of a benchmarked server: spawn it as its own process, ask it for its CPU time
// and memory over IPC, and stop it by PID. Every live child is tracked so none outlives the bench.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerReply, ServerRequest } from './protocol.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const live = new Set<ChildProcess>();

/** Kills (SIGKILL, by PID) every server still running; safe to call from an 'exit' handler. */
export function killAllServers(): void {
  for (const child of live) {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }
  live.clear();
}

export interface SpawnOptions {
  /** Script path relative to the repository root, run through tsx. */
  script: string;
  args?: string[];
  /** Extra Node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=...']. */
  nodeFlags?: string[];
  /** The Node binary the server runs on (`--node`); default: the bench's own. */
  execPath?: string;
  readyTimeoutMs?: number;
}

export interface CpuSample {
  /** user + system CPU time in µs, all threads of the server process. */
  cpuUs: number;
  /** Monotonic time of the sample in ns. */
  at: number;
}

export interface MemorySample {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

type Waiter = (reply: ServerReply) => void;

export class ServerProcess {
  readonly port: number;
  readonly #child: ChildProcess;
  readonly #waiters: Waiter[] = [];

  private constructor(child: ChildProcess, port: number) {
    this.#child = child;
    this.port = port;
    child.on('message', (reply: ServerReply) => this.#waiters.shift()?.(reply));
  }

  static async spawn(options: SpawnOptions): Promise<ServerProcess> {
    const child = fork(options.script, options.args ?? [], {
      cwd: ROOT,
      ...(options.execPath !== undefined && { execPath: options.execPath }),
      execArgv: ['--expose-gc', '--import', 'tsx', ...(options.nodeFlags ?? [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${options.script} not ready after ${options.readyTimeoutMs ?? 45_000} ms`)),
          options.readyTimeoutMs ?? 45_000,
        );
        child.once('message', (reply: ServerReply) => {
          clearTimeout(timer);
          if (reply.type === 'ready') resolve(reply.port);
          else reject(new Error(`expected 'ready' from ${options.script}, got '${reply.type}'`));
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${options.script} exited with code ${code} before it was ready`));
        });
      });
      return new ServerProcess(child, port);
    } catch (error) {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
      throw error;
    }
  }

  async cpu(): Promise<CpuSample> {
    const reply = await this.#ask({ type: 'cpu' });
    if (reply.type !== 'cpu') throw new Error(`expected 'cpu', got '${reply.type}'`);
    return { cpuUs: reply.usage.user + reply.usage.system, at: reply.at };
  }

  /** Memory after two full GCs in the server. */
  async memory(): Promise<MemorySample> {
    const reply = await this.#ask({ type: 'memory' });
    if (reply.type !== 'memory') throw new Error(`expected 'memory', got '${reply.type}'`);
    const { rss, heapUsed, external, arrayBuffers } = reply;
    return { rss, heapUsed, external, arrayBuffers };
  }

  /** Asks the server to close and exit; kills it by PID if it has not exited within the grace time. */
  async stop(graceMs = 5_000): Promise<void> {
    const child = this.#child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.send({ type: 'stop' } satisfies ServerRequest);
    const timer = setTimeout(() => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(timer);
  }

  #ask(request: ServerRequest): Promise<ServerReply> {
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      this.#child.send(request);
    });
  }
}
