// Device runs read into results: bmrt_test's launch times, compare verdicts with the failing
// output and index, phase times and FATALs; msame's inference times, averages, output folder
// and errors. Logs written as ../shared/toolchains.md §2 and §9 record them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBmrtTestOutput } from '../../../src/core/run/bmrtTestOutput';
import { parseMsameOutput } from '../../../src/core/run/msameOutput';

const bmrtSuccess = [
  '[BMRT][deal_with_options:1446] INFO:Loop num: 1',
  '[BMRT][bmrt_test:1004] WARNING:setpriority failed, cpu time might flutuate.',
  "[BMRT][bmcpu_setup:349] INFO:cpu_lib 'libcpuop.so' is loaded.",
  'bmcpu init: skip cpu_user_defined',
  '[BMRT][load_bmodel:1084] INFO:Loading bmodel from [ctx/compilation.bmodel]. Thanks for your patience...',
  '[BMRT][load_bmodel:1023] INFO:pre net num: 0, load net num: 1',
  '[BMRT][bmrt_test:1040] INFO:==> running network #0, name: ppyoloe, loop: 0',
  '[BMRT][bmrt_test:1166] INFO:net[ppyoloe] stage[0], launch total time is 18734 us (npu 18102 us, cpu 632 us), (launch func time 40 us, sync 18690 us)',
  '[BMRT][bmrt_test:1180] INFO:+++ The network[ppyoloe] stage[0] output_data +++',
  '[BMRT][print_array:87] INFO:output data #0 shape: [1 1000 ] < 0.1 0.2 ... > len=1000',
  '[BMRT][bmrt_test:1193] INFO:==>comparing output in mem #0 ... ',
  '[BMRT][bmrt_test:1211] INFO:+++ The network[ppyoloe] stage[0] cmp success +++',
  '[BMRT][bmrt_test:1240] INFO:load input time(s): 0.000812',
  '[BMRT][bmrt_test:1241] INFO:pre alloc  time(s): 0.000010',
  '[BMRT][bmrt_test:1242] INFO:calculate  time(s): 0.018801',
  '[BMRT][bmrt_test:1243] INFO:get output time(s): 0.000101',
  '[BMRT][bmrt_test:1244] INFO:compare    time(s): 0.000204',
].join('\n');

test('bmrt_test success: the launch time with npu and cpu parts, the cmp success, the phase times', () => {
  assert.deepEqual(parseBmrtTestOutput(bmrtSuccess), {
    launches: [{ net: 'ppyoloe', stage: 0, totalMicros: 18734, npuMicros: 18102, cpuMicros: 632 }],
    compares: [{ net: 'ppyoloe', stage: 0, passed: true }],
    mismatches: [],
    failedOutputs: [],
    seconds: { loadInput: 0.000812, preAlloc: 0.00001, calculate: 0.018801, getOutput: 0.000101, compare: 0.000204 },
    fatal: [],
    outputs: [],
  });
});

test('bmrt_test net-info block (newer builds): the outputs with names, shapes and dtypes, of the first stage only', () => {
  const log = [
    ' ########################',
    ' NetName: det, Index=0',
    ' ---- stage 0 ----',
    "   Input 0) 'image' shape=[ 1 3 640 640 ] dtype=FLOAT32 scale=1 zero_point=0",
    "   Output 0) 'boxes' shape=[ 1 8400 4 ] dtype=FLOAT32 scale=1 zero_point=0",
    "   Output 1) 'labels' shape=[ 1 8400 ] dtype=INT32 scale=1 zero_point=0",
    ' ---- stage 1 ----',
    "   Output 0) 'boxes' shape=[ 4 8400 4 ] dtype=FLOAT32 scale=1 zero_point=0",
    ' ########################',
  ].join('\n');
  assert.deepEqual(parseBmrtTestOutput(log).outputs, [
    { name: 'boxes', shape: [1, 8400, 4], dtype: 'FLOAT32' },
    { name: 'labels', shape: [1, 8400], dtype: 'INT32' },
  ]);
});

test('bmrt_test compare failure: each mismatch with its output, kind, index, expected and got as printed; the failed output; no FATAL besides the verdict', () => {
  const log = [
    '[BMRT][bmrt_test:981] INFO:net[det] stage[1], launch total time is 4521 us (npu 4368 us, cpu 153 us)',
    '[BMRT][bmrt_test:981] INFO:==>comparing #0 output ...',
    '[BMRT][bmrt_test:981] INFO:==>comparing #1 output ...',
    '[BMRT][array_cmp_fix:94] WRONG:scores rel warning at index 3 exp 0.21000000834465026855 got 0.19000000506639480591',
    '[BMRT][array_cmp_fix:94] WRONG:scores abs warning at index 7 exp -0.00000100000000000000 got 0.01000000000000000021',
    '[BMRT][result_cmp:162] WRONG:comparing #1 output failed!',
    '[BMRT][bmrt_test:1207] FATAL:+++ The network[det] stage[1] cmp failed +++',
  ].join('\n');
  const run = parseBmrtTestOutput(log);
  assert.deepEqual(run.compares, [{ net: 'det', stage: 1, passed: false }]);
  assert.deepEqual(run.failedOutputs, [1]);
  assert.deepEqual(run.mismatches, [
    { output: 1, label: 'scores', kind: 'rel', index: 3, expected: '0.21000000834465026855', got: '0.19000000506639480591' },
    { output: 1, label: 'scores', kind: 'abs', index: 7, expected: '-0.00000100000000000000', got: '0.01000000000000000021' },
  ]);
  assert.deepEqual(run.fatal, []);
  const ints = parseBmrtTestOutput('[BMRT][array_cmp_int:70] WRONG:label error at index 0 exp 3 got 5\n');
  assert.deepEqual(ints.mismatches, [{ label: 'label', kind: 'error', index: 0, expected: '3', got: '5' }]);
});

test('bmrt_test FATAL option and load errors are kept; a run that never compared has no verdict', () => {
  const run = parseBmrtTestOutput(
    "[BMRT][check_options:1239] FATAL:no context files\nterminate called after throwing an instance of 'std::runtime_error'\n  what():  BMRuntime internal error.\n",
  );
  assert.deepEqual(run.fatal, ['no context files']);
  assert.deepEqual(run.compares, []);
  assert.deepEqual(parseBmrtTestOutput('[BMRT][bmrt_test:1250] FATAL:Load bmodel[x.bmodel] failed\r\n').fatal, ['Load bmodel[x.bmodel] failed']);
});

test('msame file mode: each inference time, both averages, the timestamped folder as printed, success from its own line', () => {
  const log = [
    '[INFO] acl init success',
    '[INFO] open device 0 success',
    '[INFO] load model lenet.om success',
    '[INFO] create model output success',
    'output//20211111_224034',
    '[INFO] model execute success',
    'Inference time: 105.365ms',
    '[INFO] model execute success',
    'Inference time: 3.210ms',
    '[INFO] get max dynamic batch size success',
    '[INFO] output data success',
    'Inference average time: 54.287500 ms',
    'Inference average time without first time: 3.210000 ms',
    '[INFO] destroy model input success.',
    '[INFO] unload model success, model Id is 1',
    '[INFO] pid: 5151 Execute sample success',
    '[INFO] end to finalize acl',
  ].join('\n');
  assert.deepEqual(parseMsameOutput(log), {
    inferenceMillis: [105.365, 3.21],
    averageMillis: 54.2875,
    averageWithoutFirstMillis: 3.21,
    outputFolder: 'output//20211111_224034',
    succeeded: true,
    errors: [],
  });
});

test('msame folder mode average (space before the colon), older success lines, and errors that exit 0 still fail', () => {
  const folder = parseMsameOutput('Inference average time : 2.31 ms\nInference average time without first time: 2.10 ms\n[INFO] Execute sample success.\n');
  assert.equal(folder.averageMillis, 2.31);
  assert.equal(folder.averageWithoutFirstMillis, 2.1);
  assert.equal(folder.succeeded, true);
  const bad = parseMsameOutput('[ERROR] unknown paramenter\n[ERROR] Execute sample failed\nmsame --model <om>\n');
  assert.deepEqual(bad, { inferenceMillis: [], succeeded: false, errors: ['unknown paramenter', 'Execute sample failed'] });
  assert.equal(parseMsameOutput('[ERROR] current user does not have permission\n[INFO] Execute sample success\n').succeeded, false);
});
