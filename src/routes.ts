/**
 * What an app answers and sends, namespace by namespace, read from its bound tables: the data
 * behind `app.routes()`, `socketeer routes` and the AsyncAPI document.
 */
import { securityOf, type SecurityScheme } from './guard-security.js';
import type { BoundHandler, NamespaceTable } from './namespace-table.js';
import type { RateLimitOptions } from './registry.js';
import { isTupleSchema, type Schema } from './validation.js';

/** A JSON Schema (draft-07), from zod's own `z.toJSONSchema`. */
export type JsonSchema = Record<string, unknown>;

export interface EventRoute {
  event: string;
  /** `Class.method`, or `app.on('event')`. */
  handler: string;
  /** The payload's JSON Schema (what the client sends), or null without a schema. */
  schema: JsonSchema | null;
  /** The schema validates every argument (a zod tuple), not only the first. */
  spread: boolean;
  /** Per-connection limit for this event (its own or its class's); null: only the namespace's. */
  rateLimit: RateLimitOptions | null;
  /** The deadline in ms (`@Timeout`, or createApp's `timeout`); null: none. */
  timeout: number | null;
  /** How many middleware functions run before it (`@Use` on the class and method). */
  middleware: number;
}

export interface EmitRoute {
  event: string;
  /** The class whose `@Emits()` declared it. */
  declaredBy: string;
  schema: JsonSchema;
  spread: boolean;
}

export interface GuardRoute {
  /** The guard function's name. */
  name: string;
  /** The security scheme it declared with `securedBy()`, if any. */
  security: { id: string; scheme: SecurityScheme } | null;
}

export interface NamespaceRoutes {
  /** The name, or for a dynamic namespace the RegExp as written (`/^\/tenant-\w+$/`). */
  namespace: string;
  dynamic: boolean;
  guards: GuardRoute[];
  /** createApp's per-connection `rateLimit` on all of the namespace's events; null: none. */
  rateLimit: RateLimitOptions | null;
  connect: string[];
  disconnect: string[];
  error: string | null;
  any: string | null;
  events: EventRoute[];
  emits: EmitRoute[];
}

export interface RoutesListing {
  namespaces: NamespaceRoutes[];
}

type ToJsonSchema = (schema: Schema) => JsonSchema;

/** zod's JSON Schema output, loaded only when asked for (zod is an optional peer dependency). */
async function jsonSchemaMaker(): Promise<ToJsonSchema> {
  const zod = await import('zod').catch(() => undefined);
  return (schema) => {
    const vendor = (schema as { '~standard'?: { vendor?: string } })['~standard']?.vendor;
    if (zod && vendor === 'zod') {
      try {
        const { $schema: _, ...out } = zod.toJSONSchema(schema as unknown as Parameters<typeof zod.toJSONSchema>[0], {
          target: 'draft-07',
          io: 'input',
          unrepresentable: 'any',
        }) as JsonSchema;
        return out;
      } catch (err) {
        // One schema zod cannot express must not take the whole listing down.
        return { description: `No JSON Schema: ${err instanceof Error ? err.message : String(err)}` };
      }
    }
    return { description: `A ${vendor ?? 'Standard'} schema: no JSON Schema available.` };
  };
}

function eventRoute(event: string, h: BoundHandler, toJson: ToJsonSchema, appTimeout: number): EventRoute {
  const timeout = h.options.timeout ?? appTimeout;
  return {
    event,
    handler: h.label,
    schema: h.schema ? toJson(h.schema) : null,
    spread: h.spread,
    rateLimit: h.options.rateLimit ?? null,
    timeout: timeout > 0 ? timeout : null,
    middleware: h.middleware.length,
  };
}

/** Lists every namespace of `tables`, in the order they were created, events sorted by name. @internal */
export async function describeRoutes(
  tables: Iterable<NamespaceTable>,
  app: { rateLimit: RateLimitOptions | undefined; timeout: number },
): Promise<RoutesListing> {
  const toJson = await jsonSchemaMaker();
  const namespaces: NamespaceRoutes[] = [];
  for (const table of tables) {
    const emits = table.emits;
    namespaces.push({
      namespace: String(table.namespace),
      dynamic: table.namespace instanceof RegExp,
      guards: (table.guards ?? []).map((g) => ({ name: g.name || 'anonymous', security: securityOf(g) ?? null })),
      rateLimit: app.rateLimit ?? null,
      connect: table.connect.map((h) => h.label),
      disconnect: table.disconnect.map((h) => h.label),
      error: table.error?.label ?? null,
      any: table.any?.label ?? null,
      events: [...table.events]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([event, h]) => eventRoute(event, h, toJson, app.timeout)),
      emits: [...(emits ?? [])]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([event, d]) => ({
          event,
          declaredBy: d.declaredBy,
          schema: toJson(d.schema),
          spread: isTupleSchema(d.schema),
        })),
    });
  }
  return { namespaces };
}
