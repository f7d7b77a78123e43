// Logs as users capture them, under test/fixtures/logs (written from real captures in issue
// threads and vendor READMEs): runtime line numbers of other builds, CRLF, colour codes, warnings
// glued on one line, a progress bar redrawn with CR, a capture cut mid-line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseLog } from '../../../src/core/logs/parseLog';
import { repoRoot } from '../../support/paths';

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test', 'fixtures', 'logs', name), 'utf8');
const codes = (entries: { code: string | null }[]) => entries.map((e) => e.code);

test('bmrt_test of an NNTC-era build (CRLF, other [f:N] numbers): the mismatch and the FATAL verdict on their lines, one output compared and failed', () => {
  const text = fixture('bmrt_test-cmp-failed-nntc.log');
  assert.ok(text.includes('\r\n'));
  const report = parseLog(text);
  assert.equal(report.tool, 'bmrt_test');
  assert.equal(report.verdict, 'failure');
  assert.deepEqual(report.errors, [
    { code: null, message: 'output rel warning at index 1042 exp 0.41522216796875000000 got 0.39001464843750000000', line: 17 },
    { code: null, message: 'comparing #0 output failed!', line: 18 },
    { code: null, message: '+++ The network[yolov5s] stage[0] cmp failed +++', line: 19 },
  ]);
  assert.deepEqual(report.warnings, [{ code: null, message: 'setpriority failed, cpu time might flutuate.', line: 2 }]);
  assert.deepEqual(report.compare, { compared: 1, passed: 0, failed: 1, firstFailure: 'output' });
  assert.deepEqual(report.timings, { launchTotalMs: 21.875, npuMs: 21.46, cpuMs: 0.415 });
  assert.deepEqual(report.model, { file: 'models/BM1684/yolov5s_fp32_1b.bmodel/compilation.bmodel', nets: [] });
});

test('bmrt_test of a libsophon build: colour codes gone, two warnings glued on line 2 read apart, the net info block as the model, phase times in ms', () => {
  const report = parseLog(fixture('bmrt_test-success-libsophon.log'));
  assert.equal(report.tool, 'bmrt_test');
  assert.equal(report.verdict, 'success');
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.warnings, [
    { code: null, message: 'setpriority failed, cpu time might flutuate.', line: 2 },
    { code: null, message: 'core list not given, use core 0', line: 2 },
  ]);
  assert.deepEqual(report.compare, { compared: 1, passed: 1, failed: 0, firstFailure: null });
  assert.equal(report.timings.launchTotalMs, 6.871);
  assert.equal(report.timings.calculateMs, 6.877);
  assert.equal(report.timings.preAllocMs, 0.031);
  assert.deepEqual(report.model, {
    file: 'resnet50_int8_4b.bmodel',
    version: '2.2+v1.7.beta.134-g859b9a2b-20240513',
    nets: [{ name: 'resnet50', inputs: [{ name: 'input', shape: [4, 3, 224, 224], dtype: 'int8' }], outputs: [{ name: 'output_Gemm', shape: [4, 1000], dtype: 'float32' }] }],
  });
});

test('ATC success with W11001 warnings glued on one line: three warnings, two of them on line 4', () => {
  const report = parseLog(fixture('atc-success-glued-warnings.log'));
  assert.equal(report.tool, 'atc');
  assert.equal(report.verdict, 'success');
  assert.deepEqual(report.errors, []);
  assert.deepEqual(
    report.warnings.map((w) => [w.code, w.line, /Op \[(\w+)\]/.exec(w.message)?.[1]]),
    [['W11001', 4, 'Slice_30'], ['W11001', 4, 'Slice_40'], ['W11001', 5, 'Concat_52']],
  );
});

test('ATC failure of a newer CANN: the code, the message without PID and time stamp, with its Solution, at its line', () => {
  const report = parseLog(fixture('atc-failed-input-shape.log'));
  assert.equal(report.tool, 'atc');
  assert.equal(report.verdict, 'failure');
  assert.equal(report.errors.length, 1);
  assert.equal(report.errors[0].code, 'E10016');
  assert.equal(report.errors[0].line, 4);
  assert.match(report.errors[0].message, /^Opname images specified in --input_shape is not found in the model\..*\nSolution: Check whether the node name/s);
});

test('TPU-MLIR model_deploy failing its compare: tool tpu-mlir (not npz-compare or bmrt_test), the NOT_SIMLIAR tensor and the RuntimeError as errors', () => {
  const report = parseLog(fixture('tpu-mlir-deploy-failed.log'));
  assert.equal(report.tool, 'tpu-mlir');
  assert.equal(report.verdict, 'failure');
  assert.deepEqual(report.compare, { compared: 1, passed: 0, failed: 1, firstFailure: 'output_Greater_f32' });
  assert.deepEqual(report.errors.map((e) => e.line), [9, 23]);
  assert.match(report.errors[0].message, /^output_Greater_f32: NOT_SIMLIAR; \(1, 3, 27, 27\) float32; cosine_similarity = -0\.457494/);
  assert.match(report.errors[1].message, /^RuntimeError: \[!Error\]: npz_tool\.py compare/);
  assert.deepEqual(report.model, { version: 'TPU-MLIR v1.5-20240112', nets: [] });
});

test('TPU-MLIR model_transform passing: the logger warning, both tensors passed, the last step succeeded; a CR-redrawn progress bar counts as two lines', () => {
  const report = parseLog(fixture('tpu-mlir-transform-passed.log'));
  assert.equal(report.tool, 'tpu-mlir');
  assert.equal(report.verdict, 'success');
  assert.deepEqual(report.warnings, [{ code: null, message: 'onnxsim opset 18 is higher than 17, simplification skipped', line: 3 }]);
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.compare, { compared: 2, passed: 2, failed: 0, firstFailure: null });
});

test('msame cut mid-line before its verdict: incomplete, with the first inference time and the .om it loaded', () => {
  const report = parseLog(fixture('msame-cut.log'));
  assert.equal(report.tool, 'msame');
  assert.equal(report.verdict, 'incomplete');
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.timings, { firstInferenceMs: 3.9 });
  assert.deepEqual(report.model, { file: './model/resnet50_bs1.om', nets: [] });
});

test('ais_bench: NPU compute latencies, throughput, success after the summary block', () => {
  const report = parseLog(fixture('ais-bench-resnet.log'));
  assert.equal(report.tool, 'ais-bench');
  assert.equal(report.verdict, 'success');
  assert.deepEqual(report.timings, { npuComputeMinMs: 10.512, npuComputeMaxMs: 11.307, npuComputeMeanMs: 10.744, npuComputeMedianMs: 10.701, npuComputeP99Ms: 11.256, throughput: 744.6016 });
  assert.deepEqual(report.model, { file: './resnet50_bs8.om', nets: [] });
});

test('msit debug compare: relayed msaccucmp lines, a warning, the analyser\'s table naming the first suspect operator', () => {
  const report = parseLog(fixture('msit-compare-inaccuracy.log'));
  assert.equal(report.tool, 'msaccucmp');
  assert.equal(report.verdict, 'failure');
  assert.deepEqual(report.warnings, [{ code: null, message: '[Add_100] There is no the ground truth dump file for Add_100:output:0.', line: 3 }]);
  assert.deepEqual(report.compare, { compared: null, passed: null, failed: 1, firstFailure: 'Sub_26,Mul_28' });
  assert.equal(report.timings.totalMs, 2000);
});

test('tpu_model --info of two nets: processor, version, dynamic dims without `max:`, only stage 0\'s tensors', () => {
  const report = parseLog(fixture('bmodel-info-two-nets.log'));
  assert.equal(report.tool, 'bmodel-info');
  assert.equal(report.verdict, 'success');
  assert.deepEqual(report.model, {
    version: 'B.2.2+v1.7.beta.134-g859b9a2b-20240513',
    chip: 'BM1684X',
    nets: [
      { name: 'detector', dynamic: true, inputs: [{ name: 'images', shape: [1, 3, 640, 640], dtype: 'float32' }], outputs: [{ name: 'output0', shape: [1, 84, 8400], dtype: 'float32' }] },
      { name: 'classifier', dynamic: false, inputs: [{ name: 'input.1', shape: [1, 3, 224, 224], dtype: 'int8' }], outputs: [{ name: '495', shape: [1, 1000], dtype: 'float32' }] },
    ],
  });
  // Cut before the second net's memory sizes: the info is not all there.
  const cut = fixture('bmodel-info-two-nets.log').split('\n').slice(0, 21).join('\n');
  assert.equal(parseLog(cut).verdict, 'incomplete');
});

test('bmpaddle failing in Python after coloured glog lines: the BMCompiler:W warning and the exception, each on its line', () => {
  const report = parseLog(fixture('bmpaddle-traceback.log'));
  assert.equal(report.tool, 'bmcompiler');
  assert.equal(report.verdict, 'failure');
  assert.deepEqual(report.warnings, [{ code: 'BMCompiler:W', message: 'layer [multiclass_nms3_0] falls back to CPU', line: 2 }]);
  assert.deepEqual(report.errors, [{ code: null, message: 'ValueError: --descs is required for the NMS inputs when cmp=true', line: 3 }]);
  assert.deepEqual(codes(report.errors), [null]);
});
