/**
 * Controllers with services, built by real containers: tsyringe, InversifyJS and typedi, as
 * docs/operations.md shows them. The tests run under tsx (esbuild), which emits no decorator
 * metadata, so every constructor parameter names its token explicitly, as the docs say to.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  Container as InversifyContainer,
  inject as inversifyInject,
  injectable as inversifyInjectable,
} from 'inversify';
import { container as tsyringeContainer, inject, injectable, Lifecycle, scoped } from 'tsyringe';
import { Container as TypediContainer, Inject, Service } from 'typedi';
import { createApp, Namespace, On } from 'socketeer';
import { ask, serve } from './support/server.js';

/** The service every controller below needs: it counts, so the tests can see sharing. */
class Greeter {
  greeted = 0;
  greet(name: string): string {
    this.greeted++;
    return `hello, ${name}`;
  }
}

describe('dependency injection', () => {
  test('a controller whose constructor needs arguments, and no container: a boot error naming the class', () => {
    @Namespace('/')
    class NeedsGreeter {
      constructor(readonly greeter: Greeter) {}
      @On('hi') hi(name: string) {
        return this.greeter.greet(name);
      }
    }
    assert.throws(() => createApp({ controllers: [NeedsGreeter] }), {
      code: 'missing_container',
      message: /^NeedsGreeter's constructor takes 1 argument and createApp has no container/,
    });
    // Defaults are fine: the constructor takes nothing it needs.
    @Namespace('/')
    class Defaulted {
      constructor(readonly greeter = new Greeter()) {}
      @On('hi') hi(name: string) {
        return this.greeter.greet(name);
      }
    }
    assert.doesNotThrow(() => createApp({ controllers: [Defaulted] }).close());
    assert.throws(() => createApp({ controllers: [Defaulted], container: {} as never }), {
      code: 'invalid_option',
      message: /get\(Class\).*resolve\(Class\)/,
    });
  });

  test('tsyringe: its container is passed as it is (resolve); @inject names each parameter', async (t) => {
    @injectable()
    class TsyringeGreeter extends Greeter {}
    @injectable()
    @Namespace('/')
    class Hello {
      constructor(@inject(TsyringeGreeter) readonly greeter: TsyringeGreeter) {}
      @On('hi') hi(name: string) {
        return this.greeter.greet(name);
      }
    }
    const child = tsyringeContainer.createChildContainer();
    child.registerSingleton(TsyringeGreeter);
    const server = await serve(t, { controllers: [Hello], container: child });
    const client = await server.connect();
    assert.equal(await ask(client, 'hi', 'ann'), 'hello, ann');
    assert.equal(child.resolve(TsyringeGreeter).greeted, 1, 'the controller got the registered singleton');
  });

  test('tsyringe without @inject (no decorator metadata under esbuild): container_failed names the class', () => {
    @injectable()
    @Namespace('/')
    class Forgot {
      constructor(readonly greeter: Greeter) {}
      @On('hi') hi() {}
    }
    assert.throws(
      () => createApp({ controllers: [Forgot], container: tsyringeContainer }),
      (err: Error & { code?: string; cause?: unknown }) => {
        assert.equal(err.code, 'container_failed');
        assert.match(err.message, /^The container could not build Forgot: /);
        assert.ok(err.cause instanceof Error);
        return true;
      },
    );
  });

  test('tsyringe scoped registrations still give one controller instance per app', async (t) => {
    @scoped(Lifecycle.ContainerScoped)
    class Counter {
      n = 0;
    }
    @injectable()
    @Namespace('/')
    class Counting {
      constructor(@inject(Counter) readonly counter: Counter) {}
      @On('next') next() {
        return ++this.counter.n;
      }
    }
    const server = await serve(t, { controllers: [Counting], container: tsyringeContainer.createChildContainer() });
    const [a, b] = [await server.connect(), await server.connect()];
    assert.equal(await ask(a, 'next'), 1);
    assert.equal(await ask(b, 'next'), 2);
  });

  test('InversifyJS: container.get, with autobind or bindings; @inject names each parameter', async (t) => {
    @inversifyInjectable()
    class InversifyGreeter extends Greeter {}
    @inversifyInjectable()
    @Namespace('/')
    class Hello {
      constructor(@inversifyInject(InversifyGreeter) readonly greeter: InversifyGreeter) {}
      @On('hi') hi(name: string) {
        return this.greeter.greet(name);
      }
    }
    const container = new InversifyContainer();
    container.bind(InversifyGreeter).toSelf().inSingletonScope();
    container.bind(Hello).toSelf();
    const server = await serve(t, { controllers: [Hello], container });
    const client = await server.connect();
    assert.equal(await ask(client, 'hi', 'bo'), 'hello, bo');
    assert.equal(container.get(InversifyGreeter).greeted, 1);

    const auto = new InversifyContainer({ autobind: true });
    const second = await serve(t, { controllers: [Hello], container: auto });
    assert.equal(await ask(await second.connect(), 'hi', 'cy'), 'hello, cy');
  });

  test('typedi: Container.get; services arrive by property injection, @Inject(() => Service)', async (t) => {
    @Service()
    class TypediGreeter extends Greeter {}
    @Service()
    @Namespace('/')
    class Hello {
      @Inject(() => TypediGreeter) readonly greeter!: TypediGreeter;
      @On('hi') hi(name: string) {
        return this.greeter.greet(name);
      }
    }
    const server = await serve(t, { controllers: [Hello], container: TypediContainer });
    const client = await server.connect();
    assert.equal(await ask(client, 'hi', 'di'), 'hello, di');
    assert.equal(TypediContainer.get(TypediGreeter).greeted, 1);
  });

  test('typedi constructor parameters need decorator metadata, which esbuild/tsx never emit (why the docs use properties)', () => {
    @Service()
    class TypediGreeter extends Greeter {}
    @Service()
    class ByConstructor {
      constructor(@Inject(() => TypediGreeter) readonly greeter: TypediGreeter) {}
    }
    // typedi reads the parameters from design:paramtypes; without it the constructor gets only
    // the container (its "extra" last argument) in the first parameter.
    assert.equal(TypediContainer.get(ByConstructor).greeter instanceof TypediGreeter, false);
  });
});
