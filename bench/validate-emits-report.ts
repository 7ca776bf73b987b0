// The "Validating emits" section of docs/performance.md, from bench/results/validate-emits.json
// (written by bench/validate-emits.ts; the full report keeps the section from that file).
import { existsSync, readFileSync } from 'node:fs';

export type Variant = 'off' | 'on';

export interface EmitValidationResult {
  date: string;
  node: string;
  emits: number;
  samples: Record<Variant, { loopNs: number; deliveredNs: number }[]>;
  /** The check alone (checkEmit) and a bare zod safeParse of the same payload, in ns per call. */
  checks: { checkNs: number; parseNs: number }[];
  /** The machine's 1-minute load average when the run ended. */
  load: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (ns: number) => `${(ns / 1000).toFixed(2)} µs`;
const range = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;

export function renderEmitValidation(result: EmitValidationResult): string {
  const row = (label: string, v: Variant) => {
    const loop = result.samples[v].map((s) => s.loopNs);
    const delivered = result.samples[v].map((s) => s.deliveredNs);
    return `| ${label} | ${fmt(median(loop))} (${range(loop)}) | ${fmt(median(delivered))} (${range(delivered)}) |`;
  };
  const check = result.checks.map((c) => c.checkNs);
  const parse = result.checks.map((c) => c.parseNs);
  return [
    '## Validating emits',
    '',
    `\`createApp({ validateEmits: true })\` checks every emit against its namespace's \`@Emits\` schema. Measured with`,
    `\`node --import tsx bench/validate-emits.ts\` (${result.date.slice(0, 10)}, Node ${result.node}, ${result.samples.off.length} rounds,`,
    `load average ${result.load.toFixed(1)} on the machine below): the check alone, 200,000 calls in one process, and`,
    `bursts of ${result.emits} \`app.emit\`s of a small object (\`{ id, title, tags }\`, a zod object of a number, a`,
    'string and a string array) to one socket.io-client over 127.0.0.1, each variant in its own process, alternating.',
    '',
    '| what | per call, median (min–max) |',
    '|---|---|',
    `| the check with validateEmits on (\`checkEmit\`: find the namespace's schema, zod \`safeParse\`) | ${fmt(median(check))} (${range(check)}) |`,
    `| of which zod's \`safeParse\` alone | ${fmt(median(parse))} (${range(parse)}) |`,
    '',
    '| validateEmits | server time per emit (the emit calls) | per emit until the client has it |',
    '|---|---|---|',
    row('off (default)', 'off'),
    row('on', 'on'),
    '',
    'The check costs about one zod parse per emit. The burst figures move by more than that from',
    'round to round on a shared machine, so read the first table for the cost. With validateEmits',
    'off (the default) the emit path does one boolean test more than before and nothing else: the',
    'checker is installed only when an app turns validation on.',
    '',
  ].join('\n');
}

/** The section from the last `bench/validate-emits.ts` run, or nothing before the first one. */
export function emitValidationSection(path: string): string[] {
  if (!existsSync(path)) return [];
  return [renderEmitValidation(JSON.parse(readFileSync(path, 'utf8')) as EmitValidationResult)];
}
