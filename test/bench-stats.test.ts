// The bench's statistics: the median's 95 % interval and what a target check says with it.
// Pure functions over made-up rounds; no servers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BenchResult, Sample } from '../bench/bench.js';
import { medianInterval, spread } from '../bench/stats.js';
import { summarize, verdict } from '../bench/summary.js';

const ranks = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('medianInterval', () => {
  it('gives the order statistics of the published tables for the median', () => {
    // Ranks of the distribution-free 95 % interval (e.g. Conover, Practical Nonparametric Statistics).
    assert.deepEqual(medianInterval(ranks(6)), { low: 1, high: 6 }, 'n = 6');
    assert.deepEqual(medianInterval(ranks(10)), { low: 2, high: 9 }, 'n = 10');
    assert.deepEqual(medianInterval(ranks(18)), { low: 5, high: 14 }, 'n = 18');
    assert.deepEqual(medianInterval(ranks(24)), { low: 7, high: 18 }, 'n = 24');
    assert.deepEqual(medianInterval(ranks(36)), { low: 12, high: 25 }, 'n = 36');
  });

  it('has no interval below six values, where even min–max covers the median less than 95 % of the time', () => {
    assert.equal(medianInterval(ranks(5)), undefined, 'n = 5');
    assert.equal(spread([1.1, 0.9, 1.0, 1.2]).ci95, undefined, 'spread of 4');
  });

  it('is part of a spread, computed on the sorted finite values', () => {
    const s = spread([1.3, Number.NaN, 1.0, 1.2, 0.9, 1.1, 1.05, 0.95]);
    assert.equal(s.n, 7);
    assert.deepEqual(s.ci95, { low: 0.9, high: 1.3 });
  });
});

/** A run of echo-lean rounds in which Socketeer (sync) costs `ratios[i]` times raw in round i. */
function run(ratios: readonly number[]): BenchResult {
  const samples: Sample[] = ratios.flatMap((ratio, round) => [
    { round, workload: 'echo-lean', variant: 'raw', metrics: { serverCpuUsPerAck: 60 } },
    { round, workload: 'echo-lean', variant: 'socketeer-sync', metrics: { serverCpuUsPerAck: 60 * ratio } },
  ]);
  return {
    config: { variants: ['raw', 'socketeer-sync'] },
    samples,
    boot: [],
  } as unknown as BenchResult;
}

function syncCpuCheck(ratios: readonly number[]) {
  const check = summarize(run(ratios)).checks.find((c) =>
    c.label.startsWith('Socketeer, sync: server CPU per ack (echo-lean)'),
  );
  assert.ok(check, 'the sync CPU target is checked');
  return check;
}

describe('target checks', () => {
  it('says "not settled" when the rounds cannot tell met from missed', () => {
    const check = syncCpuCheck([0.95, 1.0, 1.02, 1.08, 1.1, 0.97, 1.06, 1.01]);
    assert.equal(check.settled, false);
    assert.match(verdict(check), /\(not settled\)$/);
    assert.match(check.measured, /95 % interval 0\.95–1\.10, 8 rounds/);
  });

  it('is settled when the whole interval is on one side of the target', () => {
    const met = syncCpuCheck([1.0, 1.01, 1.02, 1.0, 0.99, 1.01, 1.02, 1.0]);
    assert.equal(met.pass, true);
    assert.equal(met.settled, true);
    assert.equal(verdict(met), 'met');
    const missed = syncCpuCheck([1.1, 1.12, 1.08, 1.09, 1.11, 1.1, 1.13, 1.1]);
    assert.equal(missed.pass, false);
    assert.equal(missed.settled, true);
    assert.equal(verdict(missed), 'MISSED');
  });

  it('does not claim to be settled from fewer than six rounds', () => {
    const check = syncCpuCheck([1.0, 1.01, 1.0]);
    assert.equal(check.pass, true);
    assert.equal(check.settled, false);
  });
});
