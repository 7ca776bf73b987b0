/**
 * `socketeer routes` as text: one row per handler, then one per declared emit. Schemas are
 * summarised from their JSON Schema (`{ username, room }`, `[number, number]`); `--json`
 * prints them in full.
 */
import type { JsonSchema, RoutesListing } from '../../routes.js';

/** A one-line summary of a JSON Schema. */
export function summarise(schema: JsonSchema | null): string {
  if (schema === null) return '-';
  const type = schema['type'];
  if (type === 'object' && typeof schema['properties'] === 'object' && schema['properties'] !== null) {
    const required = new Set((schema['required'] as string[] | undefined) ?? []);
    const keys = Object.keys(schema['properties']).map((k) => (required.has(k) ? k : `${k}?`));
    return `{ ${keys.join(', ')} }`;
  }
  if (type === 'array' && Array.isArray(schema['items']))
    return `[${(schema['items'] as JsonSchema[]).map(summarise).join(', ')}]`;
  if (type === 'array' && typeof schema['items'] === 'object') return `${summarise(schema['items'] as JsonSchema)}[]`;
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) return (schema[key] as JsonSchema[]).map(summarise).join(' | ');
  }
  if (typeof type === 'string') return type;
  return 'any';
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

export function formatRoutes(listing: RoutesListing): string {
  const handlers: string[][] = [['NAMESPACE', 'EVENT', 'HANDLER', 'SCHEMA', 'GUARDS', 'RATE LIMIT', 'DEADLINE']];
  const emits: string[][] = [['NAMESPACE', 'EMITS', 'SCHEMA', 'DECLARED BY']];
  for (const ns of listing.namespaces) {
    const guards = ns.guards.length > 0 ? ns.guards.map((g) => g.name).join(', ') : '-';
    const nsLimit = ns.rateLimit ? `${ns.rateLimit.points}/${ns.rateLimit.duration}ms (namespace)` : '-';
    const lifecycle = (event: string, handler: string) =>
      handlers.push([ns.namespace, event, handler, '-', guards, '-', '-']);
    for (const h of ns.connect) lifecycle('(connect)', h);
    for (const e of ns.events) {
      const limit = e.rateLimit ? `${e.rateLimit.points}/${e.rateLimit.duration}ms` : nsLimit;
      handlers.push([
        ns.namespace,
        e.event,
        e.handler,
        summarise(e.schema),
        guards,
        limit,
        e.timeout === null ? '-' : `${e.timeout}ms`,
      ]);
    }
    if (ns.any) lifecycle('(any)', ns.any);
    if (ns.error) lifecycle('(error)', ns.error);
    for (const h of ns.disconnect) lifecycle('(disconnect)', h);
    for (const e of ns.emits) emits.push([ns.namespace, e.event, summarise(e.schema), e.declaredBy]);
  }
  const out = [table(handlers)];
  out.push(emits.length > 1 ? table(emits) : 'No namespace declares its emits (@Emits).');
  return `${out.join('\n\n')}\n`;
}
