// When a compared tensor passes. msaccucmp judges by two of its algorithms, cosine similarity
// and relative Euclidean distance (its BOOL_ALGORITHM pair), and msit's result guide gives their
// bounds: cosine > 0.99, relative Euclidean < 0.05. Its other reference bounds (KL < 0.005,
// RMSE < 1.0, mean relative error < 1.0) depend on the tensor's scale, so they apply only when
// set; any metric can be given a bound.

import { COMPARE_METRICS, type CompareMetric } from './compareResult';
import type { TensorMetricValues } from './tensorMetrics';

/** A bound per metric: cosine is a floor (must be above), every other metric a ceiling (must be below). */
export type CompareThresholds = Partial<Record<CompareMetric, number>>;

export const DEFAULT_THRESHOLDS: CompareThresholds = { cosine: 0.99, relativeEuclidean: 0.05 };

/** msit's reference bounds for the metrics that are off by default. */
export const MSIT_REFERENCE_THRESHOLDS: CompareThresholds = { kl: 0.005, rmse: 1.0, meanRelativeError: 1.0 };

/** The metrics over their bounds; a NaN or infinite value in either tensor fails as `nonFinite`. */
export function failedMetrics(values: TensorMetricValues, thresholds: CompareThresholds): string[] {
  if (values.nonFinite > 0) return ['nonFinite'];
  const failed: string[] = [];
  for (const metric of COMPARE_METRICS) {
    const bound = thresholds[metric];
    if (bound === undefined) continue;
    const value = values[metric];
    // An undefined cosine (one side all zero) is a failure; another metric undefined is not judged.
    if (value === null) {
      if (metric === 'cosine') failed.push(metric);
    } else if (metric === 'cosine' ? !(value > bound) : !(value < bound)) failed.push(metric);
  }
  return failed;
}

/** `cosine=0.995,kl=0.005` over the defaults; a string says what is wrong. */
export function parseThresholds(text: string, base: CompareThresholds = DEFAULT_THRESHOLDS): CompareThresholds | string {
  const out: CompareThresholds = { ...base };
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const [name, value, extra] = part.split('=').map((s) => s.trim());
    if (!(COMPARE_METRICS as readonly string[]).includes(name)) return `unknown metric '${name}' (one of ${COMPARE_METRICS.join(', ')})`;
    if (value === 'off' && extra === undefined) {
      delete out[name as CompareMetric];
      continue;
    }
    const bound = Number(value);
    if (value === undefined || value === '' || extra !== undefined || !Number.isFinite(bound)) return `'${part}' is not METRIC=NUMBER (or METRIC=off)`;
    out[name as CompareMetric] = bound;
  }
  return out;
}
