/**
 * Scripted socket.io clients: run a scenario (connects, emits, disconnects, in order) against a
 * server and record what each client received, so a test can compare it with the exact sequence
 * the Flask-SocketIO program produces. Any server works: a migrated program, or a hand-written
 * example (startServer takes the entry file; it must print "listening on http://host:port").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { io, type Socket } from 'socket.io-client';

/** One step of a scenario; steps run one after the other, each waiting for the server to settle. */
export type Step = { connect: string } | { emit: string; event: string; args: unknown[] } | { disconnect: string };

export interface Scenario {
  name: string;
  /**
   * The clients by name: the namespace each connects to, its auth data, and what it answers
   * when the server asks for an acknowledgement (call(), or emit with a callback); default: nothing.
   */
  clients: Record<
    string,
    {
      namespace: string;
      auth?: Record<string, unknown>;
      replies?: Record<string, unknown[]>;
      headers?: Record<string, string>;
    }
  >;
  steps: Step[];
  /**
   * What each client receives, in order: [event, ...args] for server events,
   * ['ack', ...args] for the acknowledgement of the client's own emit,
   * ['connect_error', message] for a refused connection, and ['disconnected'] when the server
   * disconnects the client.
   */
  expected: Record<string, unknown[][]>;
}

export type Transcripts = Record<string, unknown[][]>;

/** How long the server must stay silent after a step before the next one runs. */
const QUIET_MS = 60;
const STEP_TIMEOUT_MS = 3000;

export interface RunOptions {
  /** socket.io transports; Flask-SocketIO's threading server here has long-polling only. */
  transports?: Array<'polling' | 'websocket'>;
  /** Silence that ends a step; polling needs more than a WebSocket. */
  quietMs?: number;
}

export async function runScenario(url: string, scenario: Scenario, options: RunOptions = {}): Promise<Transcripts> {
  const quietMs = options.quietMs ?? QUIET_MS;
  const transcripts: Transcripts = Object.fromEntries(Object.keys(scenario.clients).map((name) => [name, []]));
  const sockets = new Map<string, Socket>();
  let lastActivity = Date.now();
  const record = (client: string, entry: unknown[]) => {
    transcripts[client]?.push(entry);
    lastActivity = Date.now();
  };
  try {
    for (const step of scenario.steps) {
      if ('connect' in step) {
        const spec = scenario.clients[step.connect];
        if (!spec) throw new Error(`scenario ${scenario.name}: unknown client ${step.connect}`);
        const socket = io(`${url}${spec.namespace === '/' ? '' : spec.namespace}`, {
          transports: options.transports ?? ['websocket'],
          forceNew: true,
          reconnection: false,
          ...(spec.auth !== undefined && { auth: spec.auth }),
          ...(spec.headers !== undefined && { extraHeaders: spec.headers }),
        });
        socket.on('disconnect', (reason) => {
          if (reason === 'io server disconnect') record(step.connect, ['disconnected']);
        });
        const replies = spec.replies ?? {};
        socket.onAny((event: string, ...args: unknown[]) => {
          // The server asked for an acknowledgement: answer it, and record the event without the callback.
          const ack = args.at(-1);
          if (typeof ack === 'function') {
            args.pop();
            (ack as (...values: unknown[]) => void)(...(replies[event] ?? []));
          }
          record(step.connect, [event, ...args]);
        });
        sockets.set(step.connect, socket);
        await new Promise<void>((resolve) => {
          // Flask-SocketIO never answers a connect handler that raised: record it, do not hang.
          const timer = setTimeout(() => {
            record(step.connect, ['connect_timeout']);
            resolve();
          }, STEP_TIMEOUT_MS);
          socket.once('connect', () => {
            clearTimeout(timer);
            resolve();
          });
          socket.once('connect_error', (err) => {
            clearTimeout(timer);
            record(step.connect, ['connect_error', err.message]);
            resolve();
          });
        });
      } else if ('emit' in step) {
        const socket = socketOf(sockets, step.emit);
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no ack for ${step.emit}'s ${step.event}`)), STEP_TIMEOUT_MS);
          socket.emit(step.event, ...step.args, (...ack: unknown[]) => {
            clearTimeout(timer);
            record(step.emit, ['ack', ...ack]);
            resolve();
          });
          // A server that disconnects the client instead of answering ends the step too.
          socket.once('disconnect', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      } else {
        socketOf(sockets, step.disconnect).disconnect();
      }
      await quiet(() => lastActivity, quietMs);
    }
  } finally {
    for (const socket of sockets.values()) socket.disconnect();
  }
  return transcripts;
}

function socketOf(sockets: Map<string, Socket>, name: string): Socket {
  const socket = sockets.get(name);
  if (!socket) throw new Error(`client ${name} is not connected`);
  return socket;
}

/** Waits until nothing has arrived for QUIET_MS: broadcasts to other clients have landed. */
async function quiet(lastActivity: () => number, quietMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const idle = Date.now() - Math.max(lastActivity(), started);
    if (idle >= quietMs) return;
    await new Promise((r) => setTimeout(r, quietMs - idle));
  }
}

export interface RunningServer {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `node --import tsx <entry>` on 127.0.0.1 and a free port (PORT=0, HOST=127.0.0.1). */
export function startServer(entry: string, cwd: string): Promise<RunningServer> {
  return startProcess(process.execPath, ['--import', 'tsx', entry], cwd);
}

/** Starts any server process that prints "listening on http://host:port"; stopped by its PID. */
export function startProcess(command: string, args: string[], cwd: string): Promise<RunningServer> {
  const entry = args.at(-1) ?? command;
  const child: ChildProcess = spawn(command, args, {
    cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${entry} did not start:\n${output}`));
    }, 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], output: () => output, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before listening:\n${output}`));
    });
  });
}
