/**
 * For tests written with `socketeer/testing`: an app closed when the test ends, and a barrier
 * for asserting that something did NOT arrive.
 */
import type { TestContext } from 'node:test';
import { createApp, type App, type AppOptions, type ValidationIssue } from 'socketeer';
import type { NamespaceClient, Received } from 'socketeer/testing';

/** `createApp(options)`, closed after the test. `createTestClient` starts it on 127.0.0.1:0. */
export function appFor(t: TestContext, options: AppOptions = {}, setup?: (app: App) => void): App {
  const app = createApp(options);
  setup?.(app);
  t.after(() => app.close());
  return app;
}

/**
 * Everything the server sent this client before now, in order: a round trip on the same
 * connection (an event nobody handles, answered with `unknown_event`) cannot overtake earlier
 * packets, so no sleep is needed to know that nothing else is coming.
 */
export async function received(client: NamespaceClient): Promise<[string, ...unknown[]][]> {
  await client.sync();
  return client.getReceived().map((r: Received) => [r.name, ...r.args]);
}

/** The acknowledgement of a refused or failed event. */
export interface Refusal {
  error: { code: string; message: string; issues: ValidationIssue[] };
}
