// What a compare job makes of the tools' console output: bmrt_test's compare as CompareResult rows
// (with and without the newer builds' net-info block), and msit's analyser verdict, from logs
// written as ../shared/toolchains.md §2.2 and §8.2 record them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bmrtCompareResult } from '../../../src/core/compare/bmrtCompareResult';
import { analyserVerdict } from '../../../src/core/compare/ascendCompare';
import { parseBmrtTestOutput } from '../../../src/core/run/bmrtTestOutput';

const files = { npu: 'out/output_ref_data.dat.bmrt', golden: 'out/output_ref_data.dat' };

test('bmrt_test, an older build without the net-info block: the failing output named by its mismatch label, later outputs not compared', () => {
  const log = [
    '[BMRT][bmrt_test:981] INFO:==>comparing #0 output ...',
    '[BMRT][bmrt_test:981] INFO:==>comparing #1 output ...',
    '[BMRT][array_cmp_fix:94] WRONG:scores rel warning at index 3 exp 0.21000000834465026855 got 0.19000000506639480591',
    '[BMRT][result_cmp:162] WRONG:comparing #1 output failed!',
    '[BMRT][bmrt_test:1207] FATAL:+++ The network[det] stage[0] cmp failed +++',
  ].join('\n');
  const result = bmrtCompareResult(parseBmrtTestOutput(log), files)!;
  assert.deepEqual(result.rows.map((r) => [r.name, r.tensor, r.pass]), [['output #0', 'output #0:output:0', true], ['scores', 'scores:output:1', false]]);
  assert.equal(result.firstBad, 'scores');
  assert.deepEqual(result.summary, { compared: 2, passed: 1, failed: 1 });
  assert.equal(result.rows[1].npuFile, files.npu);
});

test('bmrt_test with the net-info block: every output a row with shape and dtype; outputs after the failing one are unmatched, not passed', () => {
  const log = [
    ' ---- stage 0 ----',
    "   Output 0) 'boxes' shape=[ 1 100 4 ] dtype=FLOAT32 scale=1 zero_point=0",
    "   Output 1) 'labels' shape=[ 1 100 ] dtype=INT32 scale=1 zero_point=0",
    "   Output 2) 'scores' shape=[ 1 100 ] dtype=FLOAT32 scale=1 zero_point=0",
    '[BMRT][bmrt_test:1193] INFO:==>comparing output in mem #0 ... ',
    '[BMRT][bmrt_test:1193] INFO:==>comparing output in mem #1 ... ',
    '[BMRT][array_cmp_int:70] WRONG:labels error at index 0 exp 3 got 5',
    '[BMRT][result_cmp:162] WRONG:comparing #1 output failed!',
    '[BMRT][bmrt_test:1207] FATAL:+++ The network[det] stage[0] cmp failed +++',
  ].join('\n');
  const result = bmrtCompareResult(parseBmrtTestOutput(log), files)!;
  assert.deepEqual(result.rows.map((r) => [r.name, r.shape, r.dtype, r.pass]), [['boxes', [1, 100, 4], 'float32', true], ['labels', [1, 100], 'int32', false]]);
  assert.deepEqual(result.unmatched, { npu: ['scores'], golden: [] });
  assert.equal(bmrtCompareResult(parseBmrtTestOutput('[BMRT][check_options:1239] FATAL:no context files\n'), files), undefined);
});

test('msit analyser: "None operator…" or the table of suspects, each without its [INFO] prefix; nothing before the analyser ran', () => {
  const clean = "[INFO] b'2023-05-31 05:56:20 (2749324) - [INFO] The command was completed and took 0 seconds.'\n[INFO] Analyser init parameter csv_path=/o/result_1.csv\n[INFO] Analyser call parameter strategy=FIRST_INVALID_OVERALL, max_column_len=30\n[INFO] None operator with accuracy issue reported\n";
  assert.equal(analyserVerdict(clean), 'None operator with accuracy issue reported');
  const bad = [
    '[INFO] Analyser call parameter strategy=FIRST_INVALID_OVERALL, max_column_len=30',
    '[INFO] Operators may lead to inaccuracy:',
    '',
    '| Monitor | Value | Index | OpType | NPUDump | GroundTruth |',
    '|:-------:|:-----:|:-----:|:------:|:-------:|:-----------:|',
    '| CosineSimilarity | 0.912 | 12 | Conv2D | res2a_branch2a | res2a_branch2a |',
  ].join('\r\n');
  assert.equal(analyserVerdict(bad), ['Operators may lead to inaccuracy:', '| Monitor | Value | Index | OpType | NPUDump | GroundTruth |', '|:-------:|:-----:|:-----:|:------:|:-------:|:-----------:|', '| CosineSimilarity | 0.912 | 12 | Conv2D | res2a_branch2a | res2a_branch2a |'].join('\n'));
  assert.equal(analyserVerdict('[INFO] Analyser init parameter csv_path=x\n'), undefined);
});
