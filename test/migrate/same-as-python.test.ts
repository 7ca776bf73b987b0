// The migrated fixtures and their Python originals, each run as a real server (the original under
// Debian's Flask-SocketIO with /usr/bin/python3), driven by the same scripted socket.io clients:
// both must give exactly the scenario's transcripts (save the documented pythonDifferences).
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { fixtureCase, fixturesDir, migrateCaseToDisk, repoRoot } from './fixture-cases.js';
import {
  anonymousLoginScenario,
  backgroundTaskScenario,
  namespaceStateScenario,
  packageAppScenario,
  pythonDifferences,
} from './python-scenarios.js';
import { runScenario, startProcess, startServer, type RunOptions, type Scenario } from './scripted-clients.js';

const PYTHON = '/usr/bin/python3';

const targets: Array<{ fixture: string; scenario: Scenario; quietMs: number }> = [
  { fixture: 'package-app', scenario: packageAppScenario, quietMs: 300 },
  { fixture: 'background-task', scenario: backgroundTaskScenario, quietMs: 600 },
  { fixture: 'login-app', scenario: anonymousLoginScenario, quietMs: 300 },
  { fixture: 'namespace-state', scenario: namespaceStateScenario, quietMs: 300 },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

for (const { fixture, scenario, quietMs } of targets) {
  const options: RunOptions = { transports: ['polling'], quietMs };

  test(`fixtures/${fixture} under Flask-SocketIO gives the scenario's transcripts (${scenario.name})`, async () => {
    const c = fixtureCase(fixture);
    const input = c.input.endsWith('input') ? c.input : path.join(fixturesDir, fixture, 'app.py');
    const server = await startProcess(
      PYTHON,
      [path.join(repoRoot, 'test/migrate/python-server.py'), input, String(await freePort())],
      repoRoot,
    );
    try {
      const expected = { ...scenario.expected, ...pythonDifferences[scenario.name] };
      assert.deepEqual(
        await runScenario(server.url, scenario, options),
        expected,
        `python output:\n${server.output()}`,
      );
    } finally {
      await server.stop();
    }
  });

  test(`fixtures/${fixture} migrated gives the same transcripts (${scenario.name})`, async () => {
    const outDir = await migrateCaseToDisk(fixtureCase(fixture));
    const server = await startServer(path.join(outDir, 'server.ts'), repoRoot);
    try {
      assert.deepEqual(
        await runScenario(server.url, scenario, options),
        scenario.expected,
        `server output:\n${server.output()}`,
      );
    } finally {
      await server.stop();
      await rm(outDir, { recursive: true, force: true });
    }
  });
}
