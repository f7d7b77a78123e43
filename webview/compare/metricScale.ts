// How the overlay and the curve read a metric: which way is better, where the slider starts
// and how far it runs, and whether a row passes at a threshold. As the engine judges
// (thresholds.ts): cosine passes above its threshold, every error and distance below. The
// engine's defaults and msit's reference bounds start the slider; a metric with neither starts
// just above the largest value among the rows that pass, so the colours begin in agreement with
// the Pass column.

import type { CompareMetric, CompareRow } from '../../src/core/compare/compareResult';
import { DEFAULT_THRESHOLDS, MSIT_REFERENCE_THRESHOLDS } from '../../src/core/compare/thresholds';

const VENDOR_DEFAULT: Partial<Record<CompareMetric, number>> = { ...MSIT_REFERENCE_THRESHOLDS, ...DEFAULT_THRESHOLDS };

export function higherIsBetter(metric: CompareMetric): boolean {
  return metric === 'cosine';
}

export function metricValue(row: CompareRow, metric: CompareMetric): number | null {
  const v = row[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Whether a value passes at a threshold: cosine above it, the others below (the engine's rule). */
export function passes(metric: CompareMetric, value: number, threshold: number): boolean {
  return higherIsBetter(metric) ? value > threshold : value < threshold;
}

export function defaultThreshold(metric: CompareMetric, rows: readonly CompareRow[]): number {
  const vendor = VENDOR_DEFAULT[metric];
  if (vendor !== undefined) return vendor;
  let best: number | undefined;
  for (const row of rows) {
    const v = metricValue(row, metric);
    if (v === null || !row.pass) continue;
    best = best === undefined ? v : Math.max(best, v);
  }
  if (best === undefined) return sliderRange(metric, rows).max;
  // Just above it: a bound is passed only from below.
  return best + Math.max(Math.abs(best) * 1e-6, 1e-12);
}

/** The slider's extent: the values' range, widened to hold the vendor default and a little more (so every value can pass), 100 steps across. */
export function sliderRange(metric: CompareMetric, rows: readonly CompareRow[]): { min: number; max: number; step: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    const v = metricValue(row, metric);
    if (v === null) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const vendor = VENDOR_DEFAULT[metric];
  if (vendor !== undefined) {
    min = Math.min(min, vendor);
    max = Math.max(max, vendor);
  }
  if (!Number.isFinite(min)) return { min: 0, max: 1, step: 0.01 };
  const margin = (max - min || Math.abs(max) || 1) / 50;
  if (higherIsBetter(metric)) {
    max = Math.max(max, 1);
    min -= margin;
  } else {
    min = Math.min(min, 0);
    max += margin;
  }
  return { min, max, step: (max - min) / 100 };
}

/** A number as the table shows it: up to 6 significant digits, exponent form for the very small or large. */
export function formatMetric(v: number | null): string {
  if (v === null) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-4 || a >= 1e6 ? v.toExponential(3) : String(Number(v.toPrecision(6)));
}
