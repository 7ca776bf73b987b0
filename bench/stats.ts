// Median and spread over rounds, and how far the median can be trusted.
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
  /**
   * An interval that holds the true median with at least 95 % confidence, whatever the
   * distribution of the values; absent below 6 values, where no such interval exists.
   */
  ci95?: { low: number; high: number };
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2). */
function binomialHalfCdf(n: number, k: number): number {
  let term = 0.5 ** n; // C(n, 0) / 2^n
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term = (term * (n - i)) / (i + 1);
  }
  return sum;
}

/**
 * The distribution-free confidence interval of a median: the k-th smallest and k-th largest of
 * the sorted values, with the largest k whose interval still covers the median with probability
 * `confidence` (the count of values below the median is Binomial(n, 1/2)). Rounds of a bench on a
 * shared machine are not normally distributed, so this asks nothing of their shape.
 */
export function medianInterval(
  sorted: readonly number[],
  confidence = 0.95,
): { low: number; high: number } | undefined {
  const n = sorted.length;
  let k = 0;
  while (k + 1 <= Math.floor(n / 2) && 1 - 2 * binomialHalfCdf(n, k) >= confidence) k++;
  if (k === 0) return undefined;
  return { low: sorted[k - 1] ?? Number.NaN, high: sorted[n - k] ?? Number.NaN };
}

export function spread(values: readonly number[]): Spread {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n };
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const ci95 = medianInterval(sorted);
  return { median, min: sorted[0] ?? Number.NaN, max: sorted[n - 1] ?? Number.NaN, n, ...(ci95 && { ci95 }) };
}
