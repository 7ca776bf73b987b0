// Boot: generate N controller classes with H handlers each, decorate them programmatically, then
// time createApp + listen (the scan and bind). argv: N H. Reports a BootReport over IPC and exits.
import { performance } from 'node:perf_hooks';
import { createApp, Namespace, On } from 'socketeer';
import { LeanSocket } from '../lean-client.js';
import type { BootReport } from '../protocol.js';

const controllers = Number(process.argv[2] ?? 200);
const handlers = Number(process.argv[3] ?? 10);

function generateController(index: number): new () => object {
  const Controller = class {};
  Object.defineProperty(Controller, 'name', { value: `Generated${index}Controller` });
  for (let h = 0; h < handlers; h++) {
    const key = `handle${h}`;
    Object.defineProperty(Controller.prototype, key, {
      value: (data: unknown) => data,
      writable: true,
      configurable: true,
    });
    const descriptor = Object.getOwnPropertyDescriptor(Controller.prototype, key);
    if (!descriptor) throw new Error('unreachable: the property was just defined');
    On(`event-${h}`)(Controller.prototype, key, descriptor);
  }
  Namespace(`/ns-${index}`)(Controller);
  return Controller;
}

const startDecorate = performance.now();
const classes = Array.from({ length: controllers }, (_, i) => generateController(i));
const startBind = performance.now();
const app = createApp({ controllers: classes });
const { port } = await app.listen(0, '127.0.0.1');
const bound = performance.now();

// Prove the last handler of the last controller is really bound.
const probe = await LeanSocket.connect({ port, namespace: `/ns-${controllers - 1}` });
await probe.emitWithAck(`event-${handlers - 1}`, '"ping"');
probe.close();
await app.close();

const report: BootReport = {
  type: 'boot',
  controllers,
  handlers,
  decorateMs: startBind - startDecorate,
  bootMs: bound - startBind,
};
process.send?.(report);
process.disconnect?.();
