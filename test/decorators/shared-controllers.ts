/**
 * Controllers compiled both ways: under the repo's tsconfig (experimentalDecorators) and under
 * tsconfig.standard.json (standard TC39 decorators). scenario.ts drives them over a real
 * connection; test/decorators.test.ts checks both runs behave the same.
 */
import { z } from 'zod';
import {
  ConnectionRefusedError,
  emit,
  joinRoom,
  Namespace,
  On,
  OnAny,
  OnConnect,
  OnDisconnect,
  OnError,
  request,
  tuple,
  Use,
  type Middleware,
} from 'socketeer';

/** Which decorator mode compiled this file: standard decorators get a context object. */
export let decoratorMode: 'legacy' | 'standard' | undefined;
function probe(_target: unknown, keyOrContext: unknown): void {
  decoratorMode = typeof keyOrContext === 'object' ? 'standard' : 'legacy';
}

export const trail: string[] = [];
const tag =
  (name: string): Middleware =>
  (ctx, next) => {
    trail.push(`${name}:${ctx.event}`);
    return next();
  };

const Greeting = z.object({ name: z.string().min(1) });
const Point = z.tuple([z.number(), z.number()]);

@Use(tag('class'))
@Namespace('/both')
export class BothController {
  @OnConnect() connect(auth: { token?: string }) {
    if (auth.token !== 'ok') throw new ConnectionRefusedError('no token', { hint: 'send { token: "ok" }' });
    joinRoom('members');
    emit('welcome', request.namespace);
  }

  @On('greet', Greeting) greet(data: z.infer<typeof Greeting>) {
    return `hello ${data.name}`;
  }

  @Use(tag('method'))
  @On('add', Point)
  add(x: number, y: number) {
    return tuple(x + y, 'sum');
  }

  @probe
  @On('boom')
  boom(): never {
    throw new Error('boom');
  }

  @OnError() failed(err: Error) {
    return { handled: err.message, event: request.event };
  }

  @OnAny() any(event: string, ...args: unknown[]) {
    return { caught: event, args };
  }

  @OnDisconnect() bye(reason: string) {
    trail.push(`bye:${reason}`);
  }
}

/** A second controller in the same namespace. */
@Namespace('/both')
export class SharedNamespaceController {
  @On('second') second() {
    return 'from the second controller';
  }
}

/** A dynamic namespace: request.namespace is the concrete one. */
@Namespace(/^\/tenant-\w+$/)
export class TenantController {
  @On('where') where() {
    return request.namespace;
  }
}

/** Inherits its parent's handlers and adds one. */
class BaseController {
  @On('base') base() {
    return 'from the base class';
  }
}
@Namespace('/derived')
export class DerivedController extends BaseController {
  @On('own') own() {
    return 'from the subclass';
  }
}

// Mistakes that must be boot errors naming the class and method, in both modes.
@Namespace('/dup')
export class DuplicateA {
  @On('same') first() {}
}
@Namespace('/dup')
export class DuplicateB {
  @On('same') second() {}
}
export class Undecorated {
  @On('lost') lost() {}
}
@Namespace('/')
export class Reserved {
  @On('disconnect') bye() {}
}
@Namespace('/')
export class OrphanUse {
  @Use(tag('x')) helper() {}
}

@Namespace('/')
export class Stacked {
  @On('a')
  @On('b')
  both() {}
}

export const good = [BothController, SharedNamespaceController, TenantController, DerivedController];
export const bad = { DuplicateA, DuplicateB, Undecorated, Reserved, OrphanUse, Stacked };
