// Runs the same load against several servers, alive side by side, in short alternating slices:
// A B C D E, B C D E A, ... Whatever else the machine does in the meantime falls on every server
// alike, which is what makes the ratios between them trustworthy on a shared machine.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServerProcess } from './server-process.js';
import { measureWindow, type WindowResult } from './window.js';

/** A load that can be switched on and off; it only counts what it sees while `counting`. */
export interface Driver {
  counting: boolean;
  start(): void;
  stop(): Promise<void>;
}

export interface Slot {
  server: ServerProcess;
  driver: Driver;
}

export interface InterleaveOptions {
  /** Uncounted run time per server before the first counted slice. */
  warmupMs: number;
  /** Counted time per server, in slices of sliceMs. */
  durationMs: number;
  sliceMs: number;
}

function add(a: WindowResult, b: WindowResult): WindowResult {
  return {
    seconds: a.seconds + b.seconds,
    serverCpuUs: a.serverCpuUs + b.serverCpuUs,
    loadgenCpuUs: a.loadgenCpuUs + b.loadgenCpuUs,
    otherCpuUs: a.otherCpuUs + b.otherCpuUs,
  };
}

/** Returns, per slot, the sum of its counted windows. */
export async function interleave(slots: readonly Slot[], options: InterleaveOptions): Promise<WindowResult[]> {
  for (const { driver } of slots) {
    driver.start();
    await sleep(options.warmupMs);
    await driver.stop();
  }
  const totals: WindowResult[] = slots.map(() => ({ seconds: 0, serverCpuUs: 0, loadgenCpuUs: 0, otherCpuUs: 0 }));
  const cycles = Math.max(1, Math.round(options.durationMs / options.sliceMs));
  for (let cycle = 0; cycle < cycles; cycle++) {
    for (let k = 0; k < slots.length; k++) {
      const index = (cycle + k) % slots.length;
      const slot = slots[index];
      const total = totals[index];
      if (!slot || !total) continue;
      slot.driver.start();
      await sleep(Math.min(50, options.sliceMs / 10)); // let the pipeline fill before counting
      const window = await measureWindow(slot.server, options.sliceMs, (on) => (slot.driver.counting = on));
      await slot.driver.stop();
      totals[index] = add(total, window);
    }
  }
  return totals;
}
