// The migrated rooms and namespaces-chat programs, run as real servers, give scripted
// socket.io clients exactly the event sequences the Flask-SocketIO originals give.
// The scenarios speak the seed apps' protocols, so the hand-written examples are held to the
// same sequences: a target is a fixture to migrate, or an entry file that honours PORT/HOST and
// prints "listening on http://host:port".
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fixtureCase, migrateCaseToDisk, repoRoot } from './fixture-cases.js';
import {
  chatScenario,
  defaultNamespaceScenario,
  gettingStartedScenario,
  roomsScenario,
  unknownRecipientScenario,
} from './scenarios.js';
import { runScenario, startServer, type Scenario } from './scripted-clients.js';

interface Target {
  name: string;
  /** The server entry file, relative to the repo root; or a fixture case to migrate first. */
  entry: string | { migrate: string };
  scenario: Scenario;
}

const targets: Target[] = [
  { name: 'migrated fixtures/rooms', entry: { migrate: 'rooms' }, scenario: roomsScenario },
  { name: 'migrated fixtures/chat', entry: { migrate: 'chat' }, scenario: chatScenario },
  { name: 'migrated fixtures/chat', entry: { migrate: 'chat' }, scenario: defaultNamespaceScenario },
  { name: 'migrated fixtures/chat', entry: { migrate: 'chat' }, scenario: unknownRecipientScenario },
  {
    name: 'migrated fixtures/getting-started',
    entry: { migrate: 'getting-started' },
    scenario: gettingStartedScenario,
  },
  { name: 'examples/rooms', entry: 'examples/rooms/server.ts', scenario: roomsScenario },
  { name: 'examples/chat', entry: 'examples/chat/server.ts', scenario: chatScenario },
  { name: 'examples/chat', entry: 'examples/chat/server.ts', scenario: defaultNamespaceScenario },
];

for (const target of targets) {
  test(`${target.name} behaves like the Flask-SocketIO program (${target.scenario.name})`, async () => {
    const outDir =
      typeof target.entry === 'string' ? undefined : await migrateCaseToDisk(fixtureCase(target.entry.migrate));
    const entry = outDir ? path.join(outDir, 'server.ts') : path.join(repoRoot, target.entry as string);
    const server = await startServer(entry, repoRoot);
    try {
      const transcripts = await runScenario(server.url, target.scenario);
      assert.deepEqual(transcripts, target.scenario.expected, `server output:\n${server.output()}`);
    } finally {
      await server.stop();
      if (outDir) await rm(outDir, { recursive: true, force: true });
    }
  });
}
