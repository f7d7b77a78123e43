// A comparison as CSV (`npu-deploy compare --csv`): the `--json` row fields in the contract's
// order, then the extras a spreadsheet user filters by (verdict, failed metrics, ground truth).
// RFC 4180 quoting, so layer names with commas or quotes survive.

import type { CompareResult, CompareRow } from './compareResult';

const COLUMNS = ['name', 'tensor', 'shape', 'dtype', 'npuFile', 'goldenFile', 'cosine', 'maxAbsError', 'meanAbsError', 'rmse', 'relativeEuclidean', 'maxRelativeError', 'meanRelativeError', 'kl', 'pass'] as const;
const EXTRAS = ['verdict', 'euclideanSimilarity', 'sqnr', 'failedMetrics', 'groundTruth', 'problem'] as const;

export function compareResultCsv(result: CompareResult): string {
  const lines = [[...COLUMNS, ...EXTRAS, 'firstBad'].join(',')];
  for (const row of result.rows) {
    const cells = [...COLUMNS.map((c) => cell(c === 'shape' ? row.shape.join('x') : row[c])), ...EXTRAS.map((c) => cell(extraOf(row, c))), cell(row.name === result.firstBad)];
    lines.push(cells.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function extraOf(row: CompareRow, key: (typeof EXTRAS)[number]): unknown {
  const value = row.extra?.[key];
  return Array.isArray(value) ? value.join(';') : value;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
