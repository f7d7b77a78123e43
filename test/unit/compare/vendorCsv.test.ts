// The vendors' CSVs, written here from the column lists of ../shared/toolchains.md (§7.3 for
// msaccucmp's result_*.csv, §5.4 for npz_tool's --save file), read into the shared CompareResult:
// columns found by name whatever their place, fused rows named by their last original layer,
// tensors without a counterpart listed as unmatched, pass decided by the engine's thresholds
// (cosine and relative Euclidean distance by default, as msaccucmp judges).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ModelFormatError } from '../../../src/core/errors';
import { nodeFileAccess } from '../../../src/core/io/nodeFileAccess';
import { parseVendorCsv, readVendorCsv, vendorCsvKind } from '../../../src/core/compare/vendorCsv';
import { tempDir } from '../../support/tempDir';

const MSACCUCMP_HEADER =
  'Index,OpType,NPUDump,DataType,Address,GroundTruth,DataType,TensorIndex,Shape,CosineSimilarity,MaxAbsoluteError,AccumulatedRelativeError,RelativeEuclideanDistance,KullbackLeiblerDivergence,StandardDeviation,MeanAbsoluteError,RootMeanSquareError,MaxRelativeError,MeanRelativeError,CompareFailReason';

test('msaccucmp result CSV: rows, fused GroundTruth, unmatched, thresholds and the first failing row', async (t) => {
  const csv = [
    MSACCUCMP_HEADER,
    '0,Conv2D,conv1conv1_relu,DT_FLOAT16,0x1000,"conv1,conv1_relu",float32,conv1conv1_relu:output:0,"[1,64,56,56]",0.999912,0.012,0.3,0.004,0.0001,"(0.1;0.5),(0.1;0.5)",0.001,0.002,0.03,0.002,',
    // Cosine under 0.99: this layer is where it goes wrong.
    '1,Conv2D,res2a_branch2a,DT_FLOAT16,0x2000,res2a_branch2a,float32,res2a_branch2a:output:0,"[1,64,56,56]",0.912345,1.5,12.0,0.31,0.02,"(0.1;0.5),(0.2;0.6)",0.2,0.4,3.0,0.5,',
    // Accumulated error downstream fails too, on relative Euclidean distance only.
    '2,Add,res2a,DT_FLOAT16,0x3000,res2a,float32,res2a:output:0,"[1,256,56,56]",0.995,0.9,5.0,0.07,0.001,"(0.1;0.5),(0.1;0.5)",0.05,0.1,0.9,0.1,',
    '3,TransData,trans_TransData_22,DT_FLOAT16,0x4000,*,*,trans_TransData_22:output:0,"[1,4,56,56,16]",NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,There is no the ground truth dump file for trans_TransData_22:output:0.',
    '',
  ].join('\r\n');
  const dir = tempDir(t, 'npu-vcsv-');
  const file = path.join(dir, 'result_20260304085020.csv');
  writeFileSync(file, csv);
  const result = await readVendorCsv(nodeFileAccess, file);
  assert.deepEqual(result.rows.map((r) => r.name), ['conv1_relu', 'res2a_branch2a', 'res2a']);
  assert.deepEqual(result.rows.map((r) => r.pass), [true, false, false]);
  assert.deepEqual(result.rows[0].extra?.groundTruth, ['conv1', 'conv1_relu']);
  assert.deepEqual(result.rows[0].shape, [1, 64, 56, 56]);
  assert.equal(result.rows[0].dtype, 'float16');
  assert.equal(result.rows[0].tensor, 'conv1conv1_relu:output:0');
  assert.equal(result.rows[1].cosine, 0.912345);
  assert.equal(result.rows[1].maxAbsError, 1.5);
  assert.equal(result.rows[1].meanAbsError, 0.2);
  assert.equal(result.rows[1].rmse, 0.4);
  assert.equal(result.rows[1].relativeEuclidean, 0.31);
  assert.equal(result.rows[1].maxRelativeError, 3.0);
  assert.equal(result.rows[1].meanRelativeError, 0.5);
  assert.equal(result.rows[1].kl, 0.02);
  assert.deepEqual(result.rows[1].extra?.failedMetrics, ['cosine', 'relativeEuclidean']);
  assert.deepEqual(result.rows[2].extra?.failedMetrics, ['relativeEuclidean']);
  assert.deepEqual(result.unmatched, { npu: ['trans_TransData_22:output:0'], golden: [] });
  assert.equal(result.firstBad, 'res2a_branch2a');
  assert.deepEqual(result.summary, { compared: 3, passed: 1, failed: 2 });
  // msit's KL bound, when asked for: the second row's 0.02 fails it too, the first row's 0.0001 passes.
  const strict = await readVendorCsv(nodeFileAccess, file, { cosine: 0.99, relativeEuclidean: 0.05, kl: 0.005 });
  assert.deepEqual(strict.rows[1].extra?.failedMetrics, ['cosine', 'relativeEuclidean', 'kl']);
  assert.equal(strict.rows[0].pass, true);
});

test('msaccucmp CSV with OpSequence, no Address columns and msit\'s extra columns: found by name', () => {
  const header = 'Index,OpSequence,OpType,NPUDump,DataType,GroundTruth,DataType,TensorIndex,Shape,CosineSimilarity,MaxAbsoluteError,RelativeEuclideanDistance,CompareFailReason,IsNpuOps,IsOutputNode,IsPrecisionError';
  const row = '0,7,Mul,Mul_28,DT_FLOAT,"Sub_26,Mul_28",DT_FLOAT,Mul_28:output:0,"(1, 10)",0.98,0.5,0.01,,True,True,True';
  const result = parseVendorCsv(`${header}\n${row}\n`, 'result_1.csv');
  assert.equal(result.rows.length, 1);
  const [r] = result.rows;
  assert.equal(r.name, 'Mul_28');
  assert.equal(r.dtype, 'float32');
  assert.deepEqual(r.shape, [1, 10]);
  assert.equal(r.cosine, 0.98);
  assert.equal(r.rmse, null);
  assert.equal(r.pass, false);
});

test('npz_tool --save CSV: pass as written, similarity only where it was computed, names with ", " kept', () => {
  const csv = [
    'name, op, quant, pass, sim_cos, sim_euc, sqnr',
    '350_Transpose, -, -, True, 0.9999998211860657, 0.9999981357100098, 113.57913970947266',
    'input_equal, -, -, True, 1.0, 1.0, -inf',
    'boxes, scores, -, -, False, 0.5, 0.25, 3.5',
    '',
  ].join('\n');
  assert.equal(vendorCsvKind(csv.split('\n')[0]), 'npz_tool');
  const result = parseVendorCsv(csv, 'cmp.csv');
  assert.deepEqual(result.rows.map((r) => r.name), ['350_Transpose', 'input_equal', 'boxes, scores']);
  assert.equal(result.rows[0].cosine, 0.9999998211860657);
  assert.equal(result.rows[0].extra?.euclideanSimilarity, 0.9999981357100098);
  assert.equal(result.rows[0].extra?.sqnr, 113.57913970947266);
  assert.equal(result.rows[0].extra?.verdict, 'SIMILAR');
  assert.equal(result.rows[1].cosine, null);
  assert.equal(result.rows[1].extra?.sqnr, null);
  assert.equal(result.rows[1].extra?.verdict, undefined);
  assert.equal(result.rows[2].extra?.verdict, 'NOT_SIMILAR');
  assert.equal(result.firstBad, 'boxes, scores');
  assert.deepEqual(result.summary, { compared: 3, passed: 2, failed: 1 });
});

test('a CSV of neither tool, a row cut short, and an unclosed quote: one line naming file and place', () => {
  assert.throws(() => parseVendorCsv('a,b,c\n1,2,3\n', 'x.csv'), (e: unknown) => e instanceof ModelFormatError && /^x\.csv:1:1: not a comparison result/.test(e.message));
  assert.throws(() => parseVendorCsv(`${MSACCUCMP_HEADER}\n0,Conv2D,conv1\n`, 'r.csv'), (e: unknown) => e instanceof ModelFormatError && /^r\.csv:2:1: this row has 3 fields where the header names 20/.test(e.message));
  assert.throws(() => parseVendorCsv(`${MSACCUCMP_HEADER}\n0,Conv2D,"conv1`, 'r.csv'), (e: unknown) => e instanceof ModelFormatError && /^r\.csv:2:1: a quoted field is never closed/.test(e.message));
  assert.throws(() => parseVendorCsv('name, op, quant, pass, sim_cos, sim_euc, sqnr\na, -, -, yes, 1, 1, 1\n', 'n.csv'), (e: unknown) => e instanceof ModelFormatError && /^n\.csv:2:1: the pass field must be True or False/.test(e.message));
});
