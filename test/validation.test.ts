import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { ERROR_EVENT, Namespace, On, OnError, type StandardSchema } from 'socketeer';
import { createTestClient } from 'socketeer/testing';
import { appFor, received, type Refusal } from './support/app.js';

const Join = z.object({ username: z.string().min(1), room: z.string().min(1).default('lobby') });
const Move = z.tuple([z.number().int(), z.number().int(), z.enum(['n', 's', 'e', 'w'])]);
const Slow = z.string().refine(async (s) => s !== 'taken', { message: 'That name is taken.' });

const reached: unknown[] = [];
const errorHandlerCalls: unknown[] = [];

@Namespace('/')
class Validated {
  @On('join', Join) join(data: z.infer<typeof Join>) {
    reached.push(data);
    return data;
  }
  @On('move', Move) move(x: number, y: number, facing: 'n' | 's' | 'e' | 'w') {
    reached.push([x, y, facing]);
    return `${x},${y} facing ${facing}`;
  }
  @On('claim', Slow) claim(name: string) {
    return `claimed ${name}`;
  }
  @On('first_only', z.number()) firstOnly(n: number) {
    return n;
  }
  @OnError() failed(err: unknown) {
    errorHandlerCalls.push(err);
    return 'error handler ran';
  }
}

const controllers = [Validated];

describe('validation', () => {
  test('a valid payload reaches the handler parsed (defaults applied, unknown keys stripped)', async (t) => {
    const client = await createTestClient(appFor(t, { controllers }));
    assert.deepEqual(await client.emit('join', { username: 'ann', extra: true }), { username: 'ann', room: 'lobby' });
  });

  test('an invalid payload never reaches the handler; the ack gets a structured validation_error', async (t) => {
    const client = await createTestClient(appFor(t, { controllers }));
    reached.length = 0;
    const answer = await client.emit('join', { username: '', room: 5 });
    assert.deepEqual(answer, {
      error: {
        code: 'validation_error',
        message: "Invalid payload for 'join'.",
        issues: [
          {
            origin: 'string',
            code: 'too_small',
            minimum: 1,
            inclusive: true,
            path: ['username'],
            message: 'Too small: expected string to have >=1 characters',
          },
          {
            expected: 'string',
            code: 'invalid_type',
            path: ['room'],
            message: 'Invalid input: expected string, received number',
          },
        ],
      },
    });
    assert.deepEqual(reached, []);
  });

  test('a missing payload is invalid too', async (t) => {
    const client = await createTestClient(appFor(t, { controllers }));
    const answer = (await client.emit('join')) as Refusal;
    assert.equal(answer.error.code, 'validation_error');
    assert.deepEqual(
      answer.error.issues.map((i) => i.path),
      [[]],
    );
  });

  test(`without an ack, the client gets the ${ERROR_EVENT} event`, async (t) => {
    const client = await createTestClient(appFor(t, { controllers }));
    reached.length = 0;
    client.emitNoAck('join', { username: 42 });
    assert.deepEqual((await client.waitFor(ERROR_EVENT)).args, [
      {
        event: 'join',
        error: {
          code: 'validation_error',
          message: "Invalid payload for 'join'.",
          issues: [
            {
              expected: 'string',
              code: 'invalid_type',
              path: ['username'],
              message: 'Invalid input: expected string, received number',
            },
          ],
        },
      },
    ]);
    assert.deepEqual(reached, []);
  });

  test('validation errors skip the error handlers', async (t) => {
    const client = await createTestClient(appFor(t, { controllers }));
    errorHandlerCalls.length = 0;
    assert.equal(((await client.emit('join', {})) as Refusal).error.code, 'validation_error');
    client.emitNoAck('join', {});
    assert.deepEqual(
      (await received(client)).map(([name]) => name),
      [ERROR_EVENT],
    );
    assert.deepEqual(errorHandlerCalls, []);
  });

  test('a tuple schema validates all arguments and spreads them into the handler', async (t) => {
    const client = await createTestClient(appFor(t, { controllers }));
    reached.length = 0;
    assert.equal(await client.emit('move', 3, 4, 'n'), '3,4 facing n');
    const bad = (await client.emit('move', 3, 4.5, 'up')) as Refusal;
    assert.equal(bad.error.code, 'validation_error');
    assert.deepEqual(
      bad.error.issues.map((i) => [i.path, i.code]),
      [
        [[1], 'invalid_type'],
        [[2], 'invalid_value'],
      ],
    );
    assert.deepEqual(reached, [[3, 4, 'n']]);
  });

  test('a non-tuple schema validates the first argument only', async (t) => {
    const client = await createTestClient(appFor(t, { controllers }));
    assert.equal(await client.emit('first_only', 7, 'ignored'), 7);
    assert.equal(((await client.emit('first_only', 'seven')) as Refusal).error.code, 'validation_error');
  });

  test('async refinements are awaited', async (t) => {
    const client = await createTestClient(appFor(t, { controllers }));
    assert.equal(await client.emit('claim', 'free'), 'claimed free');
    const taken = (await client.emit('claim', 'taken')) as Refusal;
    assert.deepEqual(taken.error.issues, [{ code: 'custom', path: [], message: 'That name is taken.' }]);
  });

  test('any Standard Schema works, and app.on takes a schema', async (t) => {
    const positive: StandardSchema<unknown, number> = {
      '~standard': {
        version: 1,
        vendor: 'hand-made',
        validate: (v) =>
          typeof v === 'number' && v > 0
            ? { value: v }
            : { issues: [{ message: 'must be a positive number', path: [{ key: 'n' }] }] },
      },
    };
    const client = await createTestClient(
      appFor(t, {}, (app) => app.on('square', (n: number) => n * n, { schema: positive })),
    );
    assert.equal(await client.emit('square', 9), 81);
    assert.deepEqual(await client.emit('square', -1), {
      error: {
        code: 'validation_error',
        message: "Invalid payload for 'square'.",
        issues: [{ code: 'custom', path: ['n'], message: 'must be a positive number' }],
      },
    });
  });

  test('app.on rejects something that is not a schema', async (t) => {
    const app = appFor(t);
    assert.throws(() => app.on('x', () => {}, { schema: { parse: () => 1 } as never }), { code: 'invalid_option' });
  });
});
