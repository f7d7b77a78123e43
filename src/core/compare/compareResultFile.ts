// Reads a comparison back from a file the user has: the object `npu-deploy compare --json`
// prints, or a vendor tool's result CSV (msaccucmp's result_*.csv, npz_tool's --save CSV). The
// JSON is checked field by field, so a file that only looks like a result is refused with one
// line naming the file and the field, never half shown. CSVs go through the vendor CSV reader.

import { ModelFormatError, atText, wholeFile } from '../errors';
import type { FileAccess } from '../io/fileAccess';
import { LineIndex } from '../formats/caffe/textPositions';
import { findJsonSyntaxProblem } from '../formats/paddle/pirJsonSyntax';
import { t } from '../l10n';
import { COMPARE_METRICS, type CompareResult, type CompareRow } from './compareResult';
import { readVendorCsv } from './vendorCsv';

/** A results file is read whole; beyond this it is not a comparison anyone wrote by hand or tool. */
const MAX_RESULT_BYTES = 256 * 1024 * 1024;

export function isVendorCompareCsv(file: string): boolean {
  return /\.csv$/i.test(file);
}

export async function readCompareResultFile(fs: FileAccess, file: string): Promise<CompareResult> {
  if (isVendorCompareCsv(file)) return readVendorCompareCsv(fs, file);
  return parseCompareResultJson(await fs.readText(file, MAX_RESULT_BYTES), file);
}

/** Vendor CSVs (msaccucmp's result_*.csv, npz_tool's --save CSV) through the vendor CSV reader, judged by the engine's default bounds. */
export function readVendorCompareCsv(fs: FileAccess, file: string): Promise<CompareResult> {
  return readVendorCsv(fs, file);
}

/** Whether text (a JSON document the user opened) is a comparison result, without reporting why not. */
export function isCompareResultText(text: string): boolean {
  // A cheap look first: most JSON files are not results, and parsing a large one costs.
  if (!/"firstBad"/.test(text) || !/"rows"/.test(text) || !/"unmatched"/.test(text)) return false;
  try {
    parseCompareResultJson(text, '');
    return true;
  } catch {
    return false;
  }
}

export function parseCompareResultJson(text: string, file: string): CompareResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // JSON.parse's own message names no line: the program reader's scanner finds the place.
    const problem = findJsonSyntaxProblem(text);
    if (!problem) throw new ModelFormatError(file, wholeFile, e instanceof Error ? e.message : String(e));
    const { line, column } = new LineIndex(text).position(problem.offset);
    throw new ModelFormatError(file, atText(line, column), problem.detail);
  }
  const bad = (field: string) => new ModelFormatError(file, wholeFile, t('not a comparison result: {0} is missing or of the wrong type', field));
  if (!isObject(raw)) throw bad('the top-level object');
  if (!Array.isArray(raw.rows)) throw bad('rows');
  const rows = raw.rows.map((r, i) => readRow(r, `rows[${i}]`, bad));
  const unmatched = raw.unmatched;
  if (!isObject(unmatched) || !isStringArray(unmatched.npu) || !isStringArray(unmatched.golden)) throw bad('unmatched');
  if (raw.firstBad !== null && typeof raw.firstBad !== 'string') throw bad('firstBad');
  const summary = raw.summary;
  if (!isObject(summary) || !isCount(summary.compared) || !isCount(summary.passed) || !isCount(summary.failed)) throw bad('summary');
  return {
    rows,
    unmatched: { npu: unmatched.npu, golden: unmatched.golden },
    firstBad: raw.firstBad,
    summary: { compared: summary.compared, passed: summary.passed, failed: summary.failed },
  };
}

function readRow(r: unknown, where: string, bad: (field: string) => Error): CompareRow {
  if (!isObject(r)) throw bad(where);
  if (typeof r.name !== 'string') throw bad(`${where}.name`);
  if (typeof r.tensor !== 'string') throw bad(`${where}.tensor`);
  if (!Array.isArray(r.shape) || !r.shape.every((d) => typeof d === 'number')) throw bad(`${where}.shape`);
  if (typeof r.dtype !== 'string') throw bad(`${where}.dtype`);
  for (const f of ['npuFile', 'goldenFile'] as const) if (r[f] !== null && typeof r[f] !== 'string') throw bad(`${where}.${f}`);
  // NaN and Infinity cannot be written in JSON; a metric that was either travels as null.
  for (const m of COMPARE_METRICS) if (r[m] !== null && typeof r[m] !== 'number') throw bad(`${where}.${m}`);
  if (typeof r.pass !== 'boolean') throw bad(`${where}.pass`);
  if (r.extra !== undefined && !isObject(r.extra)) throw bad(`${where}.extra`);
  return r as unknown as CompareRow;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
