/**
 * The operations options of createApp (admin UI, metrics, tracing) in one place, so the app
 * only hands them over.
 * Internal module: not exported from the package entry points.
 */
import type { Express } from 'express';
import type { Registry } from 'prom-client';
import type { Server } from 'socket.io';
import type { Tables } from '../binder.js';
import { setUpAdmin, type AdminOptions } from './admin-ui.js';
import { Hooks } from './hooks.js';
import { checkMetricsOptions, EventMetrics, metricsEndpoint, type MetricsOptions } from './metrics.js';
import { checkTracingOptions, Tracing, type TracingOptions } from './tracing.js';

export interface OperationsOptions {
  /** Serve socket.io's admin UI; needs credentials. See docs/operations.md. */
  admin?: AdminOptions;
  /** Prometheus metrics with prom-client (`true`, or options); served only when `path` is set. */
  metrics?: boolean | MetricsOptions;
  /** OpenTelemetry spans per event and per connection attempt (`true`, or options). Default off. */
  tracing?: boolean | TracingOptions;
}

export interface Operations {
  hooks: Hooks | undefined;
  registry: Registry | undefined;
}

export function setUpOperations(
  io: Server,
  tables: () => Tables,
  express: () => Express,
  options: OperationsOptions,
): Operations {
  const metricsOptions =
    options.metrics === undefined || options.metrics === false ? undefined : checkMetricsOptions(options.metrics);
  const tracingOptions =
    options.tracing === undefined || options.tracing === false ? undefined : checkTracingOptions(options.tracing);
  let hooks: Hooks | undefined;
  if (metricsOptions !== undefined || tracingOptions !== undefined) {
    const metrics = metricsOptions && new EventMetrics(io, (nsp) => hooks!.label(nsp), metricsOptions);
    hooks = new Hooks(io, tables, metrics, tracingOptions && new Tracing(tracingOptions));
    if (metrics && metricsOptions?.path !== undefined)
      express().get(metricsOptions.path, metricsEndpoint(metrics.registry, metricsOptions.auth));
  }
  if (options.admin !== undefined) setUpAdmin(io, express, options.admin);
  return { hooks, registry: hooks?.metrics?.registry };
}
