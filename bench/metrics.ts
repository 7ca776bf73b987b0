// The figures the bench reports, how they read, and the targets they are held to.
import type { VariantId, WorkloadId } from './variants.js';

export type { WorkloadId };

export interface MetricDef {
  workload: WorkloadId;
  key: string;
  label: string;
  unit: 'µs' | 'ms' | '/s' | 'B';
  lowerIsBetter: boolean;
  /** Shown in the chart (costs only, so every bar reads "shorter is better"). */
  chart: boolean;
}

export const WORKLOAD_LABELS: Record<WorkloadId, string> = {
  'echo-lean': 'Echo with ack, lean wire-format clients',
  'echo-client': 'Echo with ack, socket.io-client',
  fanout: 'Room fan-out',
  'fanout-burst': 'Room fan-out in bursts of acked events',
  idle: 'Idle connections',
};

export const METRICS: readonly MetricDef[] = [
  {
    workload: 'echo-lean',
    key: 'serverCpuUsPerAck',
    label: 'server CPU per ack',
    unit: 'µs',
    lowerIsBetter: true,
    chart: true,
  },
  { workload: 'echo-lean', key: 'acksPerSec', label: 'acks/s', unit: '/s', lowerIsBetter: false, chart: false },
  { workload: 'echo-lean', key: 'p50Ms', label: 'p50 latency', unit: 'ms', lowerIsBetter: true, chart: false },
  { workload: 'echo-lean', key: 'p99Ms', label: 'p99 latency', unit: 'ms', lowerIsBetter: true, chart: true },
  {
    workload: 'echo-client',
    key: 'serverCpuUsPerAck',
    label: 'server CPU per ack',
    unit: 'µs',
    lowerIsBetter: true,
    chart: false,
  },
  { workload: 'echo-client', key: 'acksPerSec', label: 'acks/s', unit: '/s', lowerIsBetter: false, chart: false },
  { workload: 'echo-client', key: 'p50Ms', label: 'p50 latency', unit: 'ms', lowerIsBetter: true, chart: false },
  { workload: 'echo-client', key: 'p99Ms', label: 'p99 latency', unit: 'ms', lowerIsBetter: true, chart: true },
  {
    workload: 'fanout',
    key: 'serverCpuUsPerDelivery',
    label: 'server CPU per delivery',
    unit: 'µs',
    lowerIsBetter: true,
    chart: true,
  },
  {
    workload: 'fanout',
    key: 'deliveriesPerSec',
    label: 'deliveries/s',
    unit: '/s',
    lowerIsBetter: false,
    chart: false,
  },
  {
    workload: 'fanout-burst',
    key: 'serverCpuUsPerDelivery',
    label: 'server CPU per delivery',
    unit: 'µs',
    lowerIsBetter: true,
    chart: false,
  },
  {
    workload: 'fanout-burst',
    key: 'deliveriesPerSec',
    label: 'deliveries/s',
    unit: '/s',
    lowerIsBetter: false,
    chart: false,
  },
  {
    workload: 'idle',
    key: 'heapBytesPerConnection',
    label: 'heap per connection',
    unit: 'B',
    lowerIsBetter: true,
    chart: true,
  },
  {
    workload: 'idle',
    key: 'rssBytesPerConnection',
    label: 'RSS per connection',
    unit: 'B',
    lowerIsBetter: true,
    chart: false,
  },
];

/** Load-generator and machine figures recorded with every sample but not compared. */
export const CONTEXT_KEYS = ['serverCoreShare', 'loadgenCoreShare', 'otherCoreShare'] as const;

export interface Target {
  variant: VariantId;
  workload: WorkloadId;
  key: string;
  /** Ratio to raw socket.io from the same round, median over rounds. */
  maxRatio?: number;
  /** Difference to raw socket.io from the same round, median over rounds. */
  maxDelta?: number;
}

export const TARGETS: readonly Target[] = [
  { variant: 'socketeer-sync', workload: 'echo-lean', key: 'serverCpuUsPerAck', maxRatio: 1.03 },
  { variant: 'socketeer-async', workload: 'echo-lean', key: 'serverCpuUsPerAck', maxRatio: 1.05 },
  { variant: 'socketeer-sync', workload: 'fanout', key: 'serverCpuUsPerDelivery', maxRatio: 1.03 },
  { variant: 'socketeer-async', workload: 'fanout', key: 'serverCpuUsPerDelivery', maxRatio: 1.03 },
  { variant: 'socketeer-await', workload: 'echo-lean', key: 'serverCpuUsPerAck', maxRatio: 1.05 },
  { variant: 'socketeer-await', workload: 'fanout', key: 'serverCpuUsPerDelivery', maxRatio: 1.03 },
  { variant: 'socketeer-sync', workload: 'echo-lean', key: 'p99Ms', maxRatio: 1.05 },
  { variant: 'socketeer-async', workload: 'echo-lean', key: 'p99Ms', maxRatio: 1.05 },
  { variant: 'socketeer-await', workload: 'echo-lean', key: 'p99Ms', maxRatio: 1.05 },
  { variant: 'socketeer-sync', workload: 'idle', key: 'heapBytesPerConnection', maxDelta: 1024 },
  { variant: 'socketeer-async', workload: 'idle', key: 'heapBytesPerConnection', maxDelta: 1024 },
  { variant: 'socketeer-await', workload: 'idle', key: 'heapBytesPerConnection', maxDelta: 1024 },
  { variant: 'socketeer-zod', workload: 'idle', key: 'heapBytesPerConnection', maxDelta: 1024 },
];

/**
 * An operations feature against the same Socketeer server with the feature off, paired round by
 * round (both measured in the same interleaved round), so the ratio is the feature's own cost.
 */
export interface FeatureTarget {
  variant: VariantId;
  against: VariantId;
  workload: WorkloadId;
  key: string;
  /** Median of the per-round ratios at most this. */
  maxRatio?: number;
  /**
   * "Costs nothing measurable": the 95 % interval of the median ratio holds 1 (six rounds or more),
   * else the median ratio is no further from 1 than the A/A control's widest round.
   */
  withinNoise?: boolean;
}

export const FEATURE_TARGETS: readonly FeatureTarget[] = [
  {
    variant: 'socketeer-metrics',
    against: 'socketeer-sync',
    workload: 'echo-lean',
    key: 'serverCpuUsPerAck',
    maxRatio: 1.03,
  },
  {
    variant: 'socketeer-tracing-idle',
    against: 'socketeer-sync',
    workload: 'echo-lean',
    key: 'serverCpuUsPerAck',
    withinNoise: true,
  },
];

/** Socketeer with 200 controllers of 10 handlers must scan and bind in less than this. */
export const BOOT_TARGET_MS = 300;
