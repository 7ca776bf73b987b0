import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  createApp,
  Namespace,
  On,
  OnAny,
  OnConnect,
  OnError,
  request,
  type SocketeerError,
  type Container,
} from 'socketeer';
import { ask, serve } from './support/server.js';

const run = promisify(execFile);

/** Runs test/decorators/scenario.ts in a child process compiled with `tsconfig`. */
async function scenario(tsconfig: string): Promise<Record<string, unknown>> {
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'test/decorators/scenario.ts'], {
    env: { ...env, TSX_TSCONFIG_PATH: tsconfig },
    timeout: 30_000,
  });
  assert.equal(stderr, '');
  return JSON.parse(stdout) as Record<string, unknown>;
}

const EXPECTED = {
  refused: { message: 'no token', data: { hint: 'send { token: "ok" }' } },
  greet: ['hello ann'],
  greetInvalid: [
    {
      error: {
        code: 'validation_error',
        message: "Invalid payload for 'greet'.",
        issues: [
          {
            origin: 'string',
            minimum: 1,
            inclusive: true,
            code: 'too_small',
            path: ['name'],
            message: 'Too small: expected string to have >=1 characters',
          },
        ],
      },
    },
  ],
  add: [5, 'sum'],
  boom: [{ handled: 'boom', event: 'boom' }],
  unknown: [{ caught: 'whatever', args: [1] }],
  second: ['from the second controller'],
  received: [['welcome', '/both']],
  middleware: ['class:greet', 'class:greet', 'class:add', 'method:add', 'class:boom', 'class:whatever'],
  tenant: ['/tenant-acme'],
  derived: [['from the base class'], ['from the subclass']],
  bootErrors: [
    "duplicate_handler: Two handlers for event 'same' in namespace /dup: DuplicateA.first and DuplicateB.second. Keep one.",
    "missing_namespace: Undecorated has handler decorators (Undecorated.lost) but no @Namespace(). Add @Namespace('/') (or another path) to the class.",
    "reserved_event: Reserved.bye: 'disconnect' is reserved by socket.io and cannot be handled with @On/app.on; use @OnDisconnect() instead.",
    'invalid_controller: OrphanUse.helper has @Use() but no @On/@OnConnect/@OnDisconnect/@OnError/@OnAny, so it would never run.',
    "invalid_controller: Stacked.both has several handler decorators (@On('a'), @On('b')); only one would run. Use one per method.",
  ],
  disconnect: ['bye:client namespace disconnect'],
};

describe('decorator modes', () => {
  test('the same controllers behave the same under experimentalDecorators and standard decorators', async () => {
    const [legacy, standard] = await Promise.all([
      scenario('tsconfig.json'),
      scenario('test/decorators/tsconfig.standard.json'),
    ]);
    // the probe proves each run really used its mode
    assert.equal(legacy['mode'], 'legacy');
    assert.equal(standard['mode'], 'standard');
    const { mode: _l, ...legacyRest } = legacy;
    const { mode: _s, ...standardRest } = standard;
    assert.deepEqual(legacyRest, EXPECTED);
    assert.deepEqual(standardRest, EXPECTED);
  });
});

describe('boot errors name the class and method', () => {
  const bootError = (controllers: Function[]) => {
    try {
      createApp({ controllers });
    } catch (err) {
      return err as SocketeerError;
    }
    assert.fail('booted');
  };

  test('two handlers for one event, across controllers sharing a namespace', () => {
    @Namespace('/x')
    class A {
      @On('e') one() {}
    }
    @Namespace('/x')
    class B {
      @On('e') two() {}
    }
    const err = bootError([A, B]);
    assert.equal(err.code, 'duplicate_handler');
    assert.match(err.message, /A\.one and B\.two/);
  });

  test('two @OnError or two @OnAny in one namespace', () => {
    @Namespace('/x')
    class A {
      @OnError() e1() {}
      @OnAny() a1() {}
    }
    @Namespace('/x')
    class B {
      @OnError() e2() {}
    }
    @Namespace('/x')
    class C {
      @OnAny() a2() {}
    }
    assert.match(bootError([A, B]).message, /Two error \(@OnError\) handlers in namespace \/x: A\.e1 and B\.e2/);
    assert.match(bootError([A, C]).message, /Two catch-all \(@OnAny\) handlers in namespace \/x: A\.a1 and C\.a2/);
  });

  test('a reserved event with @On points to the lifecycle decorator', () => {
    @Namespace('/')
    class Hello {
      @On('connect') hi() {}
    }
    @Namespace('/')
    class Lister {
      @On('newListener') l() {}
    }
    const err = bootError([Hello]);
    assert.equal(err.code, 'reserved_event');
    assert.match(err.message, /^Hello\.hi: 'connect' is reserved .* use @OnConnect\(\) instead\.$/);
    assert.match(bootError([Lister]).message, /^Lister\.l: 'newListener' is reserved .* pick another event name\.$/);
  });

  test('something that is not a controller', () => {
    class Plain {}
    assert.equal(
      bootError([Plain]).message,
      "Plain is not decorated with @Namespace(). Add @Namespace('/') (or another path) to the class.",
    );
    assert.equal(bootError([42 as never]).code, 'invalid_controller');
  });

  test('decorator misuse fails where it is written', () => {
    assert.throws(
      () => Namespace('chat'),
      /@Namespace\('chat'\): a namespace path starts with '\/', e\.g\. '\/chat'\./,
    );
    assert.throws(() => On(''), /@On\(event\) needs a non-empty event name\./);
    assert.throws(() => {
      // biome-ignore lint/complexity/noStaticOnlyClass: the test decorates a static method
      class S {
        static s() {}
      }
      On('e')(S as never, 's', Object.getOwnPropertyDescriptor(S, 's')!);
    }, /@On\(\) cannot decorate the static method s\./);
  });

  test('several controllers may share a namespace', async (t) => {
    @Namespace('/shared')
    class First {
      @On('one') one() {
        return 1;
      }
    }
    @Namespace('/shared')
    class Second {
      @On('two') two() {
        return 2;
      }
    }
    const server = await serve(t, { controllers: [First, Second] });
    const client = await server.connect('/shared');
    assert.deepEqual([await ask(client, 'one'), await ask(client, 'two')], [1, 2]);
  });
});

describe('container', () => {
  test('builds controllers through container.get (default: new)', async (t) => {
    class Greeter {
      greet(name: string) {
        return `welcome, ${name}`;
      }
    }
    @Namespace('/')
    class Needy {
      constructor(private readonly greeter: Greeter) {}
      @On('greet') greet(name: string) {
        return this.greeter.greet(name);
      }
    }
    const asked: Function[] = [];
    const container: Container = {
      get<T>(cls: new (...args: any[]) => T): T {
        asked.push(cls);
        return new cls(new Greeter());
      },
    };
    const server = await serve(t, { controllers: [Needy], container });
    assert.deepEqual(asked, [Needy]);
    const client = await server.connect();
    assert.equal(await ask(client, 'greet', 'ann'), 'welcome, ann');
  });

  test('a container that returns something without the methods is a boot error', () => {
    @Namespace('/')
    class Real {
      @On('e') handle() {}
    }
    assert.throws(() => createApp({ controllers: [Real], container: { get: () => ({}) as never } }), {
      code: 'invalid_controller',
      message: 'Real.handle is not a method of the instance the container returned.',
    });
  });
});

describe('dynamic namespaces', () => {
  test('a RegExp namespace serves every matching name, each isolated; request.namespace is the concrete one', async (t) => {
    const connected: string[] = [];
    @Namespace(/^\/room-\d+$/)
    class Rooms {
      @OnConnect() connect() {
        connected.push(request.namespace);
      }
      @On('where') where() {
        return request.namespace;
      }
      @On('shout') shout(text: string) {
        request.socket.nsp.emit('heard', text);
      }
    }
    const server = await serve(t, { controllers: [Rooms] });
    const [r1, r2] = await Promise.all([server.connect('/room-1'), server.connect('/room-2')]);
    assert.equal(await ask(r1, 'where'), '/room-1');
    assert.equal(await ask(r2, 'where'), '/room-2');
    assert.deepEqual(connected.sort(), ['/room-1', '/room-2']);
    const heard: unknown[] = [];
    r2.on('heard', (x) => heard.push(x));
    await ask(r1, 'shout', 'only room-1');
    await ask(r2, 'where');
    assert.deepEqual(heard, []);
    await assert.rejects(server.connect('/room-x'), { message: 'Invalid namespace' });
  });
});
