import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  DEFAULT_MAX_HTTP_BUFFER_SIZE,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_MAX_ROOMS,
  DEFAULT_MAX_SEND_BUFFER,
} from '../../src/app.js';
import { BACKLOG_PER_SLOT } from '../../src/dispatch/backlog.js';
import { MAX_NAMESPACE_LENGTH } from '../../src/dynamic-namespaces.js';
import { CLIENT_ERRORS } from '../../src/errors.js';
import { DEFAULT_CLOSE_DEADLINE, SHUTDOWN_EVENT } from '../../src/shutdown.js';

describe('docs/security.md', async () => {
  const doc = await readFile(new URL('../../docs/security.md', import.meta.url), 'utf8');

  it('states the defaults the code uses', () => {
    assert.equal(DEFAULT_MAX_HTTP_BUFFER_SIZE, 1e6);
    assert.match(doc, /1 MB \(1e6 bytes\)/);
    assert.match(doc, new RegExp(`at most \\*\\*${DEFAULT_MAX_IN_FLIGHT}\\*\\*`));
    assert.match(doc, /1 MB \(1e6 bytes\) per event, binary attachments included/);
    assert.equal(DEFAULT_MAX_SEND_BUFFER, 1e7);
    assert.match(doc, /past \*\*10 MB\*\* \(1e7 bytes\)/);
    assert.match(doc, new RegExp(`\\*\\*At most ${DEFAULT_MAX_ROOMS} rooms per connection\\*\\*`));
    assert.ok(
      doc.includes(
        `at most ${BACKLOG_PER_SLOT} × \`maxInFlight\` (${(BACKLOG_PER_SLOT * DEFAULT_MAX_IN_FLIGHT).toLocaleString('en-US')})`,
      ),
    );
    assert.match(doc, new RegExp(`up to ${MAX_NAMESPACE_LENGTH} characters`));
    assert.match(doc, /per client connection \(one WebSocket or polling session\)/);
    assert.match(doc, /every room\s+name shaped like a connection id/);
    assert.match(doc, new RegExp(`default \\*\\*${DEFAULT_CLOSE_DEADLINE}\\*\\*`));
    assert.ok(doc.includes(SHUTDOWN_EVENT));
  });

  it('documents every code the hardening features send, with the message clients see', () => {
    for (const code of [
      'rate_limited',
      'too_many_pending',
      'timeout',
      'unauthorized',
      'forbidden',
      'shutting_down',
      'too_many_rooms',
    ] as const) {
      assert.ok(doc.includes(`\`${code}\``), `${code} is in docs/security.md`);
      assert.ok(code in CLIENT_ERRORS, `${code} is a client error code`);
    }
    assert.ok(doc.includes(CLIENT_ERRORS.rate_limited));
    assert.ok(doc.includes(CLIENT_ERRORS.unauthorized));
    assert.ok(doc.includes(CLIENT_ERRORS.shutting_down));
  });
});
