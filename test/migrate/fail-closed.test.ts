// What the migrator could not translate fails closed at run time: a connect handler with a gap
// refuses everyone, an unknown decorator stops its handler, and an event handler never runs past
// an untranslated statement, even inside try/except. Clients see internal_error; the server's log
// names the Python file and line (error code not_migrated).
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fixtureCase, migrateCaseToDisk, repoRoot } from './fixture-cases.js';
import { runScenario, startServer, type Scenario } from './scripted-clients.js';

const internal = { error: { code: 'internal_error', message: 'Internal server error.' } };

const failClosedScenario: Scenario = {
  name: 'fail closed',
  clients: {
    member: { namespace: '/', auth: { token: 'a.b.c' } },
    limited: { namespace: '/limited' },
    bank: { namespace: '/bank' },
  },
  steps: [
    { connect: 'member' },
    { connect: 'limited' },
    { connect: 'bank' },
    { emit: 'bank', event: 'transfer', args: [{ amount: 5 }] },
    { emit: 'bank', event: 'transfer', args: [{ amount: 500 }] },
    { emit: 'bank', event: 'safe', args: ['x'] },
    { emit: 'bank', event: 'allowed', args: ['ana'] },
  ],
  expected: {
    member: [['connect_error', 'Internal server error.']],
    limited: [['connect_error', 'Internal server error.']],
    bank: [
      ['ack', 'done'],
      ['ack', internal],
      ['ack', internal],
      ['ack', internal],
    ],
  },
};

test('migrated code fails closed where it could not be translated', async () => {
  const outDir = await migrateCaseToDisk(fixtureCase('fail-closed'));
  const server = await startServer(path.join(outDir, 'server.ts'), repoRoot);
  try {
    assert.deepEqual(
      await runScenario(server.url, failClosedScenario),
      failClosedScenario.expected,
      `server output:\n${server.output()}`,
    );
    // The log says where to look (printed by the default error handler and the connect refusal).
    assert.match(server.output(), /app\.py:38: with statements are not translated/, server.output());
  } finally {
    await server.stop();
    await rm(outDir, { recursive: true, force: true });
  }
});
