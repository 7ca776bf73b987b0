/**
 * An AsyncAPI 3.0 document from the routes listing: one channel per namespace (a dynamic
 * namespace is a channel with no fixed address), a `receive` operation per event a client may
 * send (its ack as the reply), a `send` operation per declared emit and for Socketeer's own
 * events, payloads as JSON Schema, and guards that declared a scheme as security.
 */
import { CLIENT_ERRORS } from './errors.js';
import type { JsonSchema, NamespaceRoutes, RoutesListing } from './routes.js';

export interface AsyncApiOptions {
  /** Default 'Socketeer app'. */
  title?: string;
  /** The version of your API (not of AsyncAPI). Default '1.0.0'. */
  version?: string;
  description?: string;
  /** AsyncAPI Server Objects by name, e.g. `{ local: { host: 'localhost:3000', protocol: 'ws' } }`. */
  servers?: Record<string, { host: string; protocol: string; pathname?: string; description?: string }>;
}

export type AsyncApiDocument = Record<string, unknown> & { asyncapi: '3.0.0' };

const ERROR_REPLY: JsonSchema = {
  type: 'object',
  description: 'The event was refused or failed; no other argument is sent.',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: {
          type: 'string',
          description: `One of ${Object.keys(CLIENT_ERRORS).join(', ')}, or an application code.`,
        },
        message: { type: 'string' },
        issues: {
          type: 'array',
          description: 'For validation_error: the schema issues (code, path, message).',
          items: { type: 'object' },
        },
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

/** Ids in the document: letters, digits, `_`, `-`, `.`; unique within their map. */
function idFor(raw: string, taken: Set<string>): string {
  const base = raw.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '') || 'root';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

/** Builds the document. @internal */
export function buildAsyncApi(routes: RoutesListing, options: AsyncApiOptions = {}): AsyncApiDocument {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const securitySchemes: Record<string, unknown> = {};
  const channelIds = new Set<string>();
  const operationIds = new Set<string>();

  for (const ns of routes.namespaces) {
    const channelId = idFor(ns.namespace === '/' ? 'root' : ns.namespace, channelIds);
    const channelRef = { $ref: `#/channels/${channelId}` };
    const messages: Record<string, unknown> = {};
    const messageIds = new Set<string>();
    const message = (key: string, body: Record<string, unknown>) => {
      const id = idFor(key, messageIds);
      messages[id] = body;
      return { $ref: `#/channels/${channelId}/messages/${id}` };
    };
    const security = securityOf(ns, securitySchemes);
    const operation = (key: string, body: Record<string, unknown>) => {
      operations[idFor(`${channelId}.${key}`, operationIds)] = {
        channel: channelRef,
        ...body,
        ...(security.length > 0 && body['action'] === 'receive' && { security }),
      };
    };

    for (const e of ns.events) {
      const request = message(`${e.event}.request`, {
        name: e.event,
        title: e.event,
        summary: `Handled by ${e.handler}.`,
        payload: payloadOf(e.schema, e.spread),
      });
      const reply = message(`${e.event}.ack`, {
        name: e.event,
        title: `${e.event} (acknowledgement)`,
        summary: `What ${e.handler} returns (its TypeScript return type; see the typed client), or an error.`,
        payload: { anyOf: [{ description: "The handler's return value; none when it returns nothing." }, ERROR_REPLY] },
      });
      operation(`receive.${e.event}`, {
        action: 'receive',
        title: e.event,
        summary: `A client sends '${e.event}'.`,
        description: describeLimits(e.rateLimit, e.timeout),
        messages: [request],
        reply: { channel: channelRef, messages: [reply] },
      });
    }
    for (const e of ns.emits) {
      const sent = message(`${e.event}.sent`, {
        name: e.event,
        title: e.event,
        summary: `Declared by ${e.declaredBy} with @Emits().`,
        payload: payloadOf(e.schema, e.spread),
      });
      operation(`send.${e.event}`, {
        action: 'send',
        title: e.event,
        summary: `The server emits '${e.event}'.`,
        messages: [sent],
      });
    }
    const refused = message('socketeer:error', {
      name: 'socketeer:error',
      title: 'socketeer:error',
      summary: 'An event the client sent without an ack was refused or failed.',
      payload: {
        type: 'object',
        properties: {
          event: { type: 'string' },
          error: (ERROR_REPLY['properties'] as Record<string, unknown>)['error'],
        },
        required: ['event', 'error'],
      },
    });
    operation('send.socketeer_error', { action: 'send', title: 'socketeer:error', messages: [refused] });
    const shutdown = message('socketeer:shutdown', {
      name: 'socketeer:shutdown',
      title: 'socketeer:shutdown',
      summary: 'The server is shutting down; the client will be disconnected within `deadline` ms.',
      payload: {
        type: 'object',
        properties: { reason: { const: 'shutdown' }, message: { type: 'string' }, deadline: { type: 'number' } },
        required: ['reason', 'message', 'deadline'],
      },
    });
    operation('send.socketeer_shutdown', { action: 'send', title: 'socketeer:shutdown', messages: [shutdown] });

    channels[channelId] = {
      // A dynamic namespace has no one address: AsyncAPI's null means "not known in advance".
      address: ns.dynamic ? null : ns.namespace,
      title: ns.namespace,
      description: describeNamespace(ns),
      messages,
      ...(ns.dynamic && { 'x-socketeer-namespace-pattern': ns.namespace }),
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: options.title ?? 'Socketeer app',
      version: options.version ?? '1.0.0',
      ...(options.description !== undefined && { description: options.description }),
    },
    ...(options.servers !== undefined && { servers: options.servers }),
    defaultContentType: 'application/json',
    channels,
    operations,
    ...(Object.keys(securitySchemes).length > 0 && { components: { securitySchemes } }),
  };
}

function payloadOf(schema: JsonSchema | null, spread: boolean): JsonSchema {
  if (schema === null)
    return { description: "Not validated: any value (the handler's parameters say what it expects)." };
  return spread ? { ...schema, description: 'Sent as separate arguments, one per item.' } : schema;
}

function securityOf(ns: NamespaceRoutes, schemes: Record<string, unknown>): { $ref: string }[] {
  const out: { $ref: string }[] = [];
  for (const g of ns.guards) {
    if (!g.security) continue;
    const id = g.security.id.replace(/[^A-Za-z0-9_.-]+/g, '_');
    schemes[id] = g.security.scheme;
    out.push({ $ref: `#/components/securitySchemes/${id}` });
  }
  return out;
}

function describeNamespace(ns: NamespaceRoutes): string {
  const lines = [
    ns.dynamic ? `Dynamic namespace: any name matching ${ns.namespace}.` : `The socket.io namespace ${ns.namespace}.`,
  ];
  if (ns.guards.length > 0) lines.push(`Connections are checked by: ${ns.guards.map((g) => g.name).join(', ')}.`);
  if (ns.connect.length > 0)
    lines.push(`On connect: ${ns.connect.join(', ')} (receives the handshake's auth payload).`);
  if (ns.rateLimit)
    lines.push(`Every connection may send ${ns.rateLimit.points} events per ${ns.rateLimit.duration} ms.`);
  return lines.join(' ');
}

function describeLimits(rateLimit: { points: number; duration: number } | null, timeout: number | null): string {
  const parts: string[] = [];
  if (rateLimit)
    parts.push(
      `Rate limit: ${rateLimit.points} per ${rateLimit.duration} ms per connection (beyond it: rate_limited).`,
    );
  if (timeout !== null) parts.push(`Deadline: ${timeout} ms (then: timeout).`);
  return parts.length > 0 ? parts.join(' ') : 'No rate limit or deadline of its own.';
}
