/** Nearest-rank percentile of a sample (q in 0..1). */
export function percentile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Two decimals: enough for milliseconds and rates, short enough to read. */
export const round = (n: number): number => Math.round(n * 100) / 100;
