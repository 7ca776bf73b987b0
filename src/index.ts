// Decorators
export { Namespace, On, OnConnect, OnDisconnect, OnError, OnAny, Use } from '../decorators/index.js';
export type { HandlerFor, MethodDecorator, ClassDecorator } from '../decorators/index.js';

// The app
export { createApp, App } from './app.js';
export type { AppOptions, OnOptions } from './app.js';
export type { TrustProxy } from './client-address.js';
export type { Container } from './binder.js';

// The request context
export { request, RequestContext, getContext, tryGetContext } from './context.js';
export type { Session } from './context.js';

// Context helpers (Flask-SocketIO's emit, send, join_room, ...)
export { emit, send, call, joinRoom, leaveRoom, closeRoom, rooms, disconnect } from './helpers.js';
export type { EmitOptions, SendOptions, CallOptions, RoomOptions } from './emission.js';
export { tuple, Tuple } from './tuple.js';

// Middleware
export type { Middleware } from './middleware.js';

// Errors
export { SocketeerError, ConnectionRefusedError, CLIENT_ERRORS, DEVELOPER_ERRORS } from './errors.js';
export type { ErrorCode, ClientErrorCode, DeveloperErrorCode, ClientError } from './errors.js';
export { ERROR_EVENT } from './error-policy.js';

// Validation
export type { Schema, Infer, StandardSchema, ValidationIssue } from './validation.js';

// Logging
export type { Logger, LoggerOption } from './logger.js';

// Scale-out
export { whoIsIn } from './scale/presence.js';
export { RECOVERY_EVENT } from './scale/recovery.js';
export type { Presence, WhoIsInOptions } from './scale/presence.js';
export type { ScaleOptions, RecoveryOptions, RedisAdapterKind } from './scale/redis-adapter.js';
export { createEmitter, Emitter } from './scale/emitter.js';
export type { EmitterOptions, ExternalEmitOptions } from './scale/emitter.js';
export { serveCluster } from './scale/cluster.js';
export type { ClusterOptions, ClusterNode } from './scale/cluster.js';

// Hardening
export { Guard } from '../decorators/guard.js';
export { RateLimit } from '../decorators/rate-limit.js';
export { Timeout } from '../decorators/timeout.js';
export type { ConnectGuard, JoinAuthorizer } from './guards.js';
export type { RateLimitOptions } from './rate-limit.js';
export { SHUTDOWN_EVENT } from './shutdown.js';
export type { CloseOptions, SignalOptions } from './shutdown.js';

// The contract: typed clients, declared emits, AsyncAPI, routes
export { Emits } from '../decorators/emits.js';
export { emits } from './emits.js';
export type { EmitContract, EmitSchemas, EmitData, ListenerFor, SchemaInput } from './emits.js';
export { contract } from './contract.js';
export type {
  Contract,
  ClientToServer,
  ServerToClient,
  ClientEvent,
  ErrorReply,
  BuiltInServerEvents,
  MethodsOf,
} from './contract.js';
export { securedBy } from './guard-security.js';
export type { SecurityScheme } from './guard-security.js';
export type { AsyncApiOptions, AsyncApiDocument } from './asyncapi.js';
export type { RoutesListing, NamespaceRoutes, EventRoute, EmitRoute, GuardRoute, JsonSchema } from './routes.js';
// Operations (docs/operations.md)
export type { OperationsOptions } from './operations/set-up.js';
export type { AdminOptions } from './operations/admin-ui.js';
export type { MetricsOptions } from './operations/metrics.js';
export type { TracingOptions } from './operations/tracing.js';
