/**
 * A server process for the survival test: every handler here does something that used to end
 * the process (or would, without Socketeer containing it). It prints its ports as JSON, logs
 * one JSON line per log call on stderr, and closes gracefully on SIGTERM. Node's defaults are
 * left alone: an uncaught exception or unhandled rejection ends this process.
 */
import { Adapter } from 'socket.io-adapter';
import {
  call,
  createApp,
  emit,
  joinRoom,
  Namespace,
  On,
  request,
  tuple,
  Use,
  type Logger,
  type Middleware,
} from 'socketeer';
import { z } from 'zod';

const jsonLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (obj, msg) => void process.stderr.write(`${JSON.stringify({ level: 'warn', msg, ...obj })}\n`),
  error: (obj, msg) => void process.stderr.write(`${JSON.stringify({ level: 'error', msg, ...obj })}\n`),
};

const tick = () => new Promise((r) => setTimeout(r, 1));
const circular = () => {
  const o: Record<string, unknown> = { name: 'loop' };
  o.self = o;
  return o;
};

/** A middleware that starts the rest of the chain without awaiting it. */
const fireAndForget: Middleware = (_ctx, next) => {
  void next();
};

@Namespace('/mw')
class MiddlewareController {
  @On('fails')
  @Use(fireAndForget)
  fails() {
    throw new Error('the handler behind a fire-and-forget middleware failed');
  }
}

const app = createApp({ logger: jsonLogger, controllers: [MiddlewareController] });

// Results socket.io cannot encode, sync and async.
app.on(
  'echo',
  async (data: unknown) => {
    await tick();
    return data;
  },
  { schema: z.looseObject({}) },
);
app.on('bigint', async () => {
  await tick();
  return 9007199254740993n; // a Prisma BIGINT column
});
app.on('bigint-sync', () => 1n);
app.on('circular', async () => {
  await tick();
  return circular();
});
app.on('tuple-bigint', async () => {
  await tick();
  return tuple('ok', 2n);
});
app.on(
  'late-bigint',
  async () => {
    await new Promise((r) => setTimeout(r, 30));
    return 1n;
  },
  { timeout: 2000 },
);
app.on(
  'abandoned-bigint',
  async () => {
    await new Promise((r) => setTimeout(r, 200));
    return 1n; // after its deadline: not sent, and no crash
  },
  { timeout: 20 },
);

// Thrown values that refuse to be printed.
app.on('throw-null-proto', () => {
  throw Object.create(null);
});
app.on('reject-null-proto', async () => {
  await tick();
  throw Object.create(null);
});

// Emits that cannot be sent: a coded error at the call.
app.on('emit-reserved', () => emit('connect', { info: 1 }));
app.on('emit-unsendable', () => emit('data', { id: 1n }));
app.on('app-emit-reserved', () => {
  try {
    app.emit('disconnect', {});
    return 'sent';
  } catch (err) {
    return (err as { code?: string }).code;
  }
});

// Socketeer's own timers and callbacks into user code.
app.on('call-unawaited', () => {
  void call('are you there?', undefined, { timeout: 50 }); // never answered, never awaited
  return 'asked';
});
app.on('callback-throws', () => {
  emit('please ack', 1, {
    callback: () => {
      throw Object.create(null);
    },
  });
  return 'emitted';
});
app.on('callback-rejects', () => {
  emit('please ack', 2, {
    callback: async () => {
      throw new Error('async callback failed');
    },
  });
  return 'emitted';
});

// Error handlers that fail.
app.on(
  'fail',
  () => {
    throw new Error('handler failed');
  },
  { namespace: '/eh-bigint' },
);
app.onError(async () => {
  await tick();
  return 5n;
}, '/eh-bigint');
app.on(
  'fail',
  () => {
    throw new Error('handler failed');
  },
  { namespace: '/eh-throws' },
);
app.onError(() => {
  throw Object.create(null);
}, '/eh-throws');
app.on(
  'fail',
  async () => {
    await tick();
    throw new Error('handler failed');
  },
  { namespace: '/eh-rejects' },
);
app.onError(async () => {
  await tick();
  throw Object.create(null);
}, '/eh-rejects');

// Connect-time emits: held until the client is connected.
app.on('connect', () => emit('connect', { info: 'hello' }), { namespace: '/connect-reserved' });
app.on('connect', () => emit('welcome', { id: 7n }), { namespace: '/connect-unsendable' });
app.on('ping', () => 'pong', { namespace: '/connect-unsendable' });
app.guard('/guard-unsendable', () => {
  emit('welcome', circular());
  return true;
});
app.on('ping', () => 'pong', { namespace: '/guard-unsendable' });

// Guards that fail with values that refuse to be printed.
app.guard('/guard-throws', () => {
  throw Object.create(null);
});
app.guard('/guard-rejects', async () => {
  await tick();
  throw Object.create(null);
});

// Disconnect handlers that fail.
app.on(
  'disconnect',
  () => {
    throw Object.create(null);
  },
  { namespace: '/dc' },
);
app.on(
  'disconnect',
  async () => {
    await tick();
    throw new Error('async disconnect handler failed');
  },
  { namespace: '/dc' },
);

app.on('ping', () => 'pong');

// A second app whose logger itself throws, with a cors origin function that throws.
const throwingLogger: Logger = {
  debug: () => {
    throw new Error('logger.debug broke');
  },
  info: () => {
    throw new Error('logger.info broke');
  },
  warn: () => {
    throw Object.create(null);
  },
  error: () => {
    throw Object.create(null);
  },
};
/** An adapter whose room changes are asynchronous and fail for rooms named 'flaky-…'. */
class FlakyAdapter extends Adapter {
  override addAll(id: string, rooms: Set<string>): Promise<void> | void {
    if ([...rooms].some((r) => r.startsWith('flaky'))) return Promise.reject(new Error('the adapter lost its store'));
    return super.addAll(id, rooms);
  }
}

const other = createApp({
  io: { adapter: FlakyAdapter as unknown as typeof Adapter },
  rateLimit: { points: 2, duration: 60_000 },
  logger: throwingLogger,
  engineioLogger: throwingLogger,
  cors: {
    origin: (origin: string | undefined, callback: (err: Error | null, allow?: boolean) => void) => {
      if (origin !== undefined) throw new Error('origin check broke');
      callback(null, true);
    },
  },
});
other.on('boom', () => {
  throw new Error('boom');
});
other.on('join-flaky', () => {
  void joinRoom('flaky-1'); // not awaited, as handlers usually do
  other.joinRoom(request.sid, 'flaky-2');
  return 'asked';
});
other.on('ping', () => 'pong');
other.on('disconnect', () => {
  throw new Error('disconnect failed');
});

const { port } = await app.listen(0, '127.0.0.1');
const { port: otherPort } = await other.listen(0, '127.0.0.1');
app.closeOnSignals({
  deadline: 200,
  exit: (code) => {
    void other.close({ deadline: 200 }).then(() => {
      process.stdout.write(`${JSON.stringify({ closed: code })}\n`);
      process.exit(code);
    });
  },
});
process.stdout.write(`${JSON.stringify({ port, otherPort })}\n`);
