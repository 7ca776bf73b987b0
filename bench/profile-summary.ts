// Reads the .cpuprofile files Node writes with --cpu-prof and tells where the time went:
// self time per function and per origin (Socketeer's own files, each package, Node internals, GC).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  us: number;
  share: number;
}

export interface ProfileSummary {
  /** Sampled time, idle excluded, in µs. */
  totalUs: number;
  byFunction: SelfTime[];
  byOrigin: SelfTime[];
}

/** Where a function comes from: 'socketeer src/<file>', a package name, 'node internals', or a V8 pseudo-frame. */
export function originOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? url);
  }
  const inRepo = /\/(src|decorators|bench)\/(.*)$/.exec(url);
  if (inRepo) return inRepo[1] === 'bench' ? `bench/${inRepo[2] ?? ''}` : `socketeer ${inRepo[1]}/${inRepo[2] ?? ''}`;
  return url;
}

function rank(map: Map<string, number>, total: number, top: number): SelfTime[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, us, share: us / total }));
}

/**
 * Merges every .cpuprofile in `dir`, leaving out the first `skipMs` of each: process start, module
 * loading and JIT warm-up, which the bench's own warm-up also keeps out of its figures.
 */
export function summarizeProfiles(dir: string, top = 25, skipMs = 4000): ProfileSummary {
  const byFunction = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let totalUs = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    let elapsedUs = 0;
    profile.samples.forEach((id, i) => {
      const node = nodes.get(id);
      const us = profile.timeDeltas[i] ?? 0;
      elapsedUs += us;
      if (!node || elapsedUs < skipMs * 1000 || node.callFrame.functionName === '(idle)') return;
      const { functionName, url, lineNumber } = node.callFrame;
      const origin = originOf(url, functionName);
      const fn = `${functionName || '(anonymous)'} ${origin}:${lineNumber + 1}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
      byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + us);
      totalUs += us;
    });
  }
  return { totalUs, byFunction: rank(byFunction, totalUs, top), byOrigin: rank(byOrigin, totalUs, top) };
}

export function formatProfileSummary(title: string, summary: ProfileSummary): string {
  const line = (t: SelfTime): string => `  ${(t.share * 100).toFixed(1).padStart(5)}%  ${t.name}`;
  return [
    `${title}: ${(summary.totalUs / 1e6).toFixed(2)} s sampled (idle excluded)`,
    ' by origin:',
    ...summary.byOrigin.map(line),
    ' by function (self time):',
    ...summary.byFunction.map(line),
    '',
  ].join('\n');
}
