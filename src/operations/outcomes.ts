// The outcomes an event can end with: a label shared by metrics, tracing and the hooks that feed them.

/** How an event ended (the `outcome` label of `socketeer_events_total`). */
export const OUTCOMES = [
  'ok',
  'validation_error',
  'rate_limited',
  'timeout',
  'too_many_pending',
  'shutting_down',
  'unknown_event',
  'error',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
