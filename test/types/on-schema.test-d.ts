/**
 * Type tests, compiled by `npm run typecheck` in both decorator modes (tsconfig.json and
 * test/decorators/tsconfig.standard.json). Each `@ts-expect-error` must be needed: if the
 * line below it compiled, tsc would fail with "Unused '@ts-expect-error' directive".
 */
import { z } from 'zod';
import {
  Namespace,
  On,
  OnAny,
  OnConnect,
  OnDisconnect,
  OnError,
  Use,
  type HandlerFor,
  type Middleware,
} from 'socketeer';

const Join = z.object({ username: z.string(), room: z.string() });
const Point = z.tuple([z.number(), z.number()]);
const Names = z.array(z.string());
const Trimmed = z.string().transform((s) => s.trim().length);
const noop: Middleware = (_ctx, next) => next();

@Namespace('/')
export class Compiles {
  @On('join', Join) join(data: z.infer<typeof Join>) {}
  @On('wider', Join) wider({ room }: { room: string }) {}
  @On('optional_extra', Join) optionalExtra(data: { room: string; age?: number }) {}
  @On('unknown', Join) asUnknown(data: unknown) {}
  @On('no_param', Join) noParam() {}
  @On('async', Join) async asyncJoin(data: z.infer<typeof Join>) {
    return data.room;
  }
  @On('point', Point) point(x: number, y: number) {}
  @On('point_prefix', Point) pointPrefix(x: number) {}
  @On('point_rest', Point) pointRest(...xy: number[]) {}
  @On('names', Names) names(list: string[]) {}
  @On('output', Trimmed) output(length: number) {}
  @On('free') free(a: string, b: number, ...rest: unknown[]) {}
  @Use(noop) @On('with_middleware', Join) withMiddleware(data: z.infer<typeof Join>) {}
  @OnConnect() connect(auth: { token?: string }) {
    return false;
  }
  @OnConnect() connectNoAuth() {}
  @OnDisconnect() bye(reason: string) {}
  @OnError() failed(err: unknown) {}
  @OnAny() any(event: string, ...args: unknown[]) {}
}

@Namespace('/bad')
export class DoesNotCompile {
  // @ts-expect-error the payload is an object, not a string
  @On('string', Join) notString(data: string) {}

  // @ts-expect-error the schema has no required `age`
  @On('required_extra', Join) requiredExtra(data: { room: string; age: number }) {}

  // @ts-expect-error `room` is a string, not a number
  @On('wrong_field', Join) wrongField(data: { room: number }) {}

  // @ts-expect-error a tuple schema spreads: the first argument is a number
  @On('point_string', Point) pointString(x: string, y: number) {}

  // @ts-expect-error a tuple schema spreads into parameters, not one array parameter
  @On('point_array', Point) pointArray(xy: [number, number]) {}

  // @ts-expect-error a third required parameter the tuple never fills
  @On('point_three', Point) pointThree(x: number, y: number, z: number) {}

  // @ts-expect-error the handler gets the schema's output (a number), not its input
  @On('output_input', Trimmed) outputInput(raw: string) {}

  // @ts-expect-error an array of strings is not an array of numbers
  @On('names_numbers', Names) namesNumbers(list: number[]) {}

  // @ts-expect-error @OnDisconnect gets the reason as a string
  @OnDisconnect() byeNumber(reason: number) {}

  // @ts-expect-error @OnAny gets the event name first
  @OnAny() anyNumber(event: number) {}
}

// HandlerFor is the shape a schema allows.
export const objectHandler: HandlerFor<typeof Join> = (data) => data.username.toUpperCase();
export const tupleHandler: HandlerFor<typeof Point> = (x, y) => x + y;
// @ts-expect-error a tuple handler is not a one-argument handler of an array
export const wrongTupleHandler: HandlerFor<typeof Point> = (xy: [number, number]) => xy;

// @ts-expect-error a schema must be a schema
On('x', { parse: (v: unknown) => v });
// @ts-expect-error a namespace is a string or a RegExp
Namespace(42);
// @ts-expect-error middleware are functions
Use('not a function');
