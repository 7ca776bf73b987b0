// The servers compared, each started as its own process. 'raw' is the baseline every ratio uses;
// 'raw-again' is the same server again, an A/A control that shows the noise of the method.
export interface Variant {
  id: VariantId;
  label: string;
  script: string;
  args: string[];
  /** Measured by default; other controls run only when named with --variants. */
  default: boolean;
  /** Measured in these workloads only (controls that explain one figure). */
  only?: readonly WorkloadId[];
}

/** The workloads a variant can run (bench/workloads/). */
export type WorkloadId = 'echo-lean' | 'echo-client' | 'fanout' | 'fanout-burst' | 'idle';

export type VariantId =
  | 'raw'
  | 'socketeer-sync'
  | 'socketeer-async'
  | 'socketeer-await'
  | 'socketeer-zod'
  | 'nest'
  | 'raw-als'
  | 'raw-als-async'
  | 'raw-async'
  | 'raw-imports'
  | 'raw-again'
  | 'socketeer-metrics'
  | 'socketeer-tracing-idle';

export const BASELINE: VariantId = 'raw';

export const VARIANTS: readonly Variant[] = [
  { id: 'raw', label: 'socket.io (by hand)', script: 'bench/servers/raw.ts', args: [], default: true },
  {
    id: 'socketeer-sync',
    label: 'Socketeer, sync',
    script: 'bench/servers/socketeer.ts',
    args: ['sync'],
    default: true,
  },
  {
    id: 'socketeer-async',
    label: 'Socketeer, async',
    script: 'bench/servers/socketeer.ts',
    args: ['async'],
    default: true,
  },
  {
    id: 'socketeer-await',
    label: 'Socketeer, async + await',
    script: 'bench/servers/socketeer.ts',
    args: ['await'],
    default: true,
  },
  { id: 'socketeer-zod', label: 'Socketeer + zod', script: 'bench/servers/socketeer.ts', args: ['zod'], default: true },
  { id: 'nest', label: 'NestJS gateway', script: 'bench/servers/nest.ts', args: [], default: true },
  // The same raw server a second time: what a ratio of 1.00 looks like on this machine today.
  { id: 'raw-again', label: 'socket.io again (A/A)', script: 'bench/servers/raw.ts', args: [], default: true },
  {
    id: 'raw-als',
    label: 'control: socket.io + AsyncLocalStorage',
    script: 'bench/servers/raw-context.ts',
    args: ['sync'],
    default: false,
  },
  // Operations features on the sync app, compared with 'socketeer-sync' (docs/operations.md).
  {
    id: 'socketeer-metrics',
    label: 'control: Socketeer, sync, metrics on',
    script: 'bench/servers/socketeer.ts',
    args: ['sync', 'metrics'],
    default: false,
  },
  {
    id: 'socketeer-tracing-idle',
    label: 'control: Socketeer, sync, tracing on, no SDK',
    script: 'bench/servers/socketeer.ts',
    args: ['sync', 'tracing'],
    default: false,
  },
  {
    id: 'raw-imports',
    label: 'control: socket.io, Socketeer loaded but unused',
    script: 'bench/servers/raw-imports.ts',
    args: [],
    default: false,
  },
  // Hand-written async handlers, without and with AsyncLocalStorage: what the async figures
  // of any framework start from on this Node.
  {
    id: 'raw-async',
    label: 'control: socket.io, async handlers',
    script: 'bench/servers/raw-context.ts',
    args: ['async-plain'],
    default: true,
    only: ['echo-lean'],
  },
  {
    id: 'raw-als-async',
    label: 'control: socket.io, async handlers + AsyncLocalStorage',
    script: 'bench/servers/raw-context.ts',
    args: ['async'],
    default: true,
    only: ['echo-lean'],
  },
];

/** The variants in a different order each round, so none is always measured first or last. */
export function rotate<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
