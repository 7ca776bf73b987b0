// The servers compared, each started as its own process. 'raw' is the baseline every ratio uses.
export interface Variant {
  id: VariantId;
  label: string;
  script: string;
  args: string[];
  /** Socketeer variants are the ones --profile records. */
  socketeer: boolean;
}

export type VariantId = 'raw' | 'socketeer-sync' | 'socketeer-async' | 'socketeer-zod' | 'nest';

export const BASELINE: VariantId = 'raw';

export const VARIANTS: readonly Variant[] = [
  { id: 'raw', label: 'socket.io (by hand)', script: 'bench/servers/raw.ts', args: [], socketeer: false },
  { id: 'socketeer-sync', label: 'Socketeer, sync', script: 'bench/servers/socketeer.ts', args: ['sync'], socketeer: true },
  { id: 'socketeer-async', label: 'Socketeer, async', script: 'bench/servers/socketeer.ts', args: ['async'], socketeer: true },
  { id: 'socketeer-zod', label: 'Socketeer + zod', script: 'bench/servers/socketeer.ts', args: ['zod'], socketeer: true },
  { id: 'nest', label: 'NestJS gateway', script: 'bench/servers/nest.ts', args: [], socketeer: false },
];

/** The variants in a different order each round, so none is always measured first or last. */
export function rotate<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
