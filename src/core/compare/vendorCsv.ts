// The vendors' comparison CSVs read into the CompareResult every view takes: msaccucmp's
// `result_{YYYYmmddHHMMSS}.csv` (also what msit/ait debug compare write) and TPU-MLIR npz_tool's
// `--save` CSV (../shared/toolchains.md §7.3 and §5.4). Columns are found by their header names,
// not their places: msaccucmp drops an `Address` column for npy sides, inserts `OpSequence` with
// -r/-s and `OverFlow` with -overflow_detection, and msit appends three columns.
//
// Neither file says which layer comes first in the original model, so the rows stay in the file's
// order (msaccucmp writes them in execution order) and the first failing row is the first bad one.
import { ModelFormatError, atText } from '../errors';
import type { FileAccess } from '../io/fileAccess';
import { t } from '../l10n';
import type { CompareResult, CompareRow } from './compareResult';
import { csvRows, type CsvRow } from './csvRows';
import { DEFAULT_THRESHOLDS, failedMetrics, type CompareThresholds } from './thresholds';

/** msaccucmp's CSV of a large model is a few MB; this bounds a wrong file picked by mistake. */
const MAX_CSV_BYTES = 256 * 1024 * 1024;

export type VendorCsvKind = 'msaccucmp' | 'npz_tool';

/** Which tool wrote the CSV whose first line is `header`, or undefined for neither. */
export function vendorCsvKind(header: string): VendorCsvKind | undefined {
  const names = header.split(',').map((n) => n.trim());
  if (names.includes('NPUDump') && names.includes('GroundTruth')) return 'msaccucmp';
  if (names.join(',') === 'name,op,quant,pass,sim_cos,sim_euc,sqnr') return 'npz_tool';
  return undefined;
}

export async function readVendorCsv(fs: FileAccess, file: string, thresholds: CompareThresholds = DEFAULT_THRESHOLDS): Promise<CompareResult> {
  return parseVendorCsv(await fs.readText(file, MAX_CSV_BYTES), file, thresholds);
}

export function parseVendorCsv(text: string, file: string, thresholds: CompareThresholds = DEFAULT_THRESHOLDS): CompareResult {
  const body = text.replace(/^\uFEFF/, '');
  const kind = vendorCsvKind(body.split(/\r?\n/, 1)[0] ?? '');
  if (kind === 'npz_tool') return npzToolResult(body, file);
  if (kind === 'msaccucmp') return msaccucmpResult(body, file, thresholds);
  throw new ModelFormatError(file, atText(1, 1), t('not a comparison result: the header names neither msaccucmp\'s columns (NPUDump, GroundTruth, …) nor npz_tool\'s (name, op, quant, pass, sim_cos, sim_euc, sqnr)'));
}

/** A metric cell: a number, or null for `NaN`, `inf`, empty and the like (JSON has no NaN). */
function metric(cell: string | undefined): number | null {
  if (cell === undefined) return null;
  const v = Number(cell.trim());
  return cell.trim() !== '' && Number.isFinite(v) ? v : null;
}

/** `[1,3,224,224]`, `(1, 3, 224, 224)` or `1x3x224x224` as dims; [] for a scalar or nothing. */
function shapeOf(cell: string | undefined): number[] {
  return [...(cell ?? '').matchAll(/\d+/g)].map((m) => Number(m[0]));
}

/** msaccucmp's `DT_FLOAT16` (or an already numpy-style `float16`) as a numpy dtype name. */
function numpyDtype(cell: string | undefined): string {
  const v = (cell ?? '').trim();
  const known: Record<string, string> = { DT_FLOAT: 'float32', DT_FLOAT16: 'float16', DT_DOUBLE: 'float64', DT_BF16: 'bfloat16', DT_BOOL: 'bool' };
  if (known[v]) return known[v];
  const m = /^DT_(U?INT\d+)$/.exec(v);
  return m ? m[1].toLowerCase() : v.toLowerCase();
}

/** The names in a GroundTruth or NPUDump cell: comma-joined, `*` or empty for none. */
function names(cell: string | undefined): string[] {
  return (cell ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '' && n !== '*' && n.toLowerCase() !== 'nan');
}

function rowsOf(text: string, file: string): CsvRow[] {
  const { rows, unclosedQuoteAt } = csvRows(text);
  if (unclosedQuoteAt !== undefined) throw new ModelFormatError(file, atText(unclosedQuoteAt, 1), t('a quoted field is never closed (the file is cut short?)'));
  return rows;
}

function msaccucmpResult(text: string, file: string, thresholds: CompareThresholds): CompareResult {
  const [head, ...rows] = rowsOf(text, file);
  const header = head.cells.map((c) => c.trim());
  const npuAt = header.indexOf('NPUDump');
  const goldenAt = header.indexOf('GroundTruth');
  // Each side has its own DataType column (and Address, unless that side is npy data).
  const npuTypeAt = header.findIndex((h, i) => h === 'DataType' && i > npuAt && i < goldenAt);
  const column = (name: string) => header.indexOf(name);
  const at = { opType: column('OpType'), tensor: column('TensorIndex'), shape: column('Shape'), cosine: column('CosineSimilarity'), maxAbs: column('MaxAbsoluteError'), relEuclid: column('RelativeEuclideanDistance'), kl: column('KullbackLeiblerDivergence'), meanAbs: column('MeanAbsoluteError'), rmse: column('RootMeanSquareError'), maxRel: column('MaxRelativeError'), meanRel: column('MeanRelativeError'), reason: column('CompareFailReason') };
  const result: CompareResult = { rows: [], unmatched: { npu: [], golden: [] }, firstBad: null, summary: { compared: 0, passed: 0, failed: 0 } };
  for (const row of rows) {
    const cell = (i: number) => (i >= 0 ? row.cells[i] : undefined);
    if (row.cells.length < header.length - 1) throw new ModelFormatError(file, atText(row.line, 1), t('this row has {0} fields where the header names {1}', row.cells.length, header.length));
    const npu = names(cell(npuAt));
    const golden = names(cell(goldenAt));
    const tensor = (cell(at.tensor) ?? '').trim();
    const values = {
      cosine: metric(cell(at.cosine)),
      maxAbsError: metric(cell(at.maxAbs)),
      meanAbsError: metric(cell(at.meanAbs)),
      rmse: metric(cell(at.rmse)),
      relativeEuclidean: metric(cell(at.relEuclid)),
      maxRelativeError: metric(cell(at.maxRel)),
      meanRelativeError: metric(cell(at.meanRel)),
      kl: metric(cell(at.kl)),
    };
    // A tensor one side lacks is listed as unmatched, never a row that looks compared.
    if (golden.length === 0 || npu.length === 0 || Object.values(values).every((v) => v === null)) {
      if (npu.length > 0 && golden.length === 0) result.unmatched.npu.push(tensor || npu.join(','));
      else if (golden.length > 0 && npu.length === 0) result.unmatched.golden.push(golden.join(','));
      else result.unmatched.npu.push(tensor || npu.join(','));
      continue;
    }
    // The engine's rule on the tool's numbers (the similarity fields are npz_tool's, absent here).
    const failed = failedMetrics({ ...values, euclideanSimilarity: null, sqnr: null, verdict: 'SIMILAR', nonFinite: 0 }, thresholds);
    const compared: CompareRow = {
      // The original layer the graph shows: the last of a fused group is the one whose output this is.
      name: golden[golden.length - 1],
      tensor: tensor || npu.join(','),
      shape: shapeOf(cell(at.shape)),
      dtype: numpyDtype(cell(npuTypeAt)),
      npuFile: null,
      goldenFile: null,
      ...values,
      pass: failed.length === 0,
      extra: { groundTruth: golden, ...(failed.length > 0 ? { failedMetrics: failed } : {}) },
    };
    result.rows.push(compared);
  }
  return summarised(result);
}

function npzToolResult(text: string, file: string): CompareResult {
  const result: CompareResult = { rows: [], unmatched: { npu: [], golden: [] }, firstBad: null, summary: { compared: 0, passed: 0, failed: 0 } };
  const lines = text.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    // npz_tool writes `", ".join` without quoting, so a tensor name holding ", " is told apart
    // by counting from the right: the last six fields are fixed.
    const parts = lines[i].split(', ');
    if (parts.length < 7) throw new ModelFormatError(file, atText(i + 1, 1), t('this row has {0} fields where the header names {1}', parts.length, 7));
    const [, quant, passed, cos, euc, sqnr] = parts.slice(-6).map((p) => p.trim());
    const name = parts.slice(0, -6).join(', ');
    if (passed !== 'True' && passed !== 'False') throw new ModelFormatError(file, atText(i + 1, 1), t('the pass field must be True or False, not "{0}"', passed));
    const pass = passed === 'True';
    // sqnr is -inf when the tensor was EQUAL or CLOSE (or did not match at all): no similarity was computed.
    const similarity = Number.isFinite(Number(sqnr));
    result.rows.push({
      name,
      tensor: name,
      shape: [],
      dtype: quant === '-' ? '' : quant,
      npuFile: null,
      goldenFile: null,
      cosine: similarity ? metric(cos) : null,
      maxAbsError: null,
      meanAbsError: null,
      rmse: null,
      relativeEuclidean: null,
      maxRelativeError: null,
      meanRelativeError: null,
      kl: null,
      pass,
      extra: {
        euclideanSimilarity: similarity ? metric(euc) : null,
        sqnr: metric(sqnr),
        ...(similarity ? { verdict: pass ? ('SIMILAR' as const) : ('NOT_SIMILAR' as const) } : {}),
      },
    });
  }
  return summarised(result);
}

function summarised(result: CompareResult): CompareResult {
  const failed = result.rows.filter((r) => !r.pass);
  result.summary = { compared: result.rows.length, passed: result.rows.length - failed.length, failed: failed.length };
  result.firstBad = failed[0]?.name ?? null;
  return result;
}
