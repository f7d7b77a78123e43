// The simulators' output (test/simulators, run through the simulated SDK as the SSH host runs
// them, stdout and stderr captured together as a terminal shows them) reads as the real tools':
// right tool, verdict, codes, and the compare and model parts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseLog } from '../../../src/core/logs/parseLog';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';
import { writePaddleSample } from '../../../src/core/samples/paddleSample';
import { writeSimulatedSdk, type SimulatedSdk } from '../../support/simulatedSdk';
import { tempDir } from '../../support/tempDir';

let sdk: SimulatedSdk;
let sdkDir: string;
before(() => {
  sdkDir = mkdtempSync(path.join(tmpdir(), 'npu-sdk-'));
  sdk = writeSimulatedSdk(sdkDir);
});
after(() => rmSync(sdkDir, { recursive: true, force: true }));

/** The tool's whole console, as `tool 2>&1` captures it. */
function captured(cwd: string, line: string, env: Record<string, string> = {}): { status: number | null; log: string } {
  const r = spawnSync('bash', ['-c', `${sdk.setup}\n${line} 2>&1`], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, log: r.stdout };
}

test('bmpaddle and bmnetc simulators: success with the saved tensors as the model; compile and compare failures with their codes', async (t) => {
  const dir = tempDir(t, 'npu-simlog-');
  mkdirSync(path.join(dir, 'model'));
  await writePaddleSample(path.join(dir, 'model'));
  const ok = captured(dir, 'python3 -m bmpaddle --model=model --shapes=[1,3,32,32] --input_names=x --output_names=softmax_0.tmp_0 --net_name=tiny --target=BM1684 --outdir=out');
  assert.equal(ok.status, 0, ok.log);
  const report = parseLog(ok.log);
  assert.equal(report.tool, 'bmcompiler');
  assert.equal(report.verdict, 'success');
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.model, { nets: [{ name: 'tiny', inputs: [{ name: 'x' }], outputs: [{ name: 'softmax_0.tmp_0' }] }] });

  const { prototxt, caffemodel } = await writeCaffeSample(dir);
  const compile = captured(dir, `bmnetc --model=${prototxt} --weight=${caffemodel} --target=BM1684 --outdir=c1`, { NPU_SIM_FAIL: 'compile' });
  assert.notEqual(compile.status, 0);
  const failed = parseLog(compile.log);
  assert.equal(failed.tool, 'bmcompiler');
  assert.equal(failed.verdict, 'failure');
  assert.deepEqual(failed.errors.map((e) => e.code), ['BMCompiler:E', null]);
  assert.match(failed.errors[1].message, /^RuntimeError: BMCompiler compile failed$/);

  const cmp = captured(dir, `bmnetc --model=${prototxt} --weight=${caffemodel} --target=BM1684 --outdir=c2`, { NPU_SIM_FAIL: 'cmp' });
  const cmpReport = parseLog(cmp.log);
  assert.equal(cmpReport.verdict, 'failure');
  assert.deepEqual(cmpReport.errors.map((e) => e.code), ['BMCompiler:E', 'BMCompiler:F']);
  assert.deepEqual(cmpReport.compare, { compared: null, passed: null, failed: null, firstFailure: 'output' });

  const rejected = captured(dir, 'python3 -m bmpaddle --model=model --target=BM1684');
  assert.equal(rejected.status, 2);
  const usage = parseLog(rejected.log);
  assert.equal(usage.tool, 'bmcompiler');
  assert.equal(usage.verdict, 'failure');
  assert.match(usage.errors[0].message, /^the following arguments are required: --shapes/);
});

test('atc simulator: success, and each rejection with its code on the line after "ATC run failed"', async (t) => {
  const dir = tempDir(t, 'npu-simlog-');
  const { prototxt, caffemodel } = await writeCaffeSample(dir);
  const ok = captured(dir, `atc --model=${prototxt} --weight=${caffemodel} --framework=0 --output=lenet --soc_version=Ascend310`);
  assert.equal(ok.status, 0, ok.log);
  assert.deepEqual([parseLog(ok.log).tool, parseLog(ok.log).verdict], ['atc', 'success']);
  const rejections: [string, string][] = [
    [`atc --model=${prototxt} --framework=0 --output=lenet --soc_version=Ascend310`, 'E10008'],
    [`atc --model=${prototxt} --weight=${caffemodel} --output=lenet --soc_version=Ascend310`, 'E10007'],
    [`atc --model=${prototxt} --weight=${caffemodel} --framework=0 --output=x --soc_version=Ascend310 --input_shape="data:0,1,28,28"`, 'E10011'],
    [`atc --model=${prototxt} --weight=${caffemodel} --framework=0 --output=x --soc_version=Ascend999`, 'E10001'],
    [`atc --model=${prototxt} --weight=${caffemodel} --framework=0 --output=x --soc_version=Ascend310`, 'EZ3003'],
  ];
  for (const [line, code] of rejections) {
    const run = captured(dir, line, code === 'EZ3003' ? { NPU_SIM_FAIL: 'compile' } : {});
    assert.equal(run.status, 255, line);
    const report = parseLog(run.log);
    assert.equal(report.tool, 'atc');
    assert.equal(report.verdict, 'failure');
    assert.deepEqual(report.errors.map((e) => [e.code, run.log.split('\n')[e.line - 1].startsWith(`${code}: `)]), [[code, true]]);
  }
});

test('bmrt_test and msame simulators: compare success and failure, an option FATAL, an msame run and its rejections', async (t) => {
  const dir = tempDir(t, 'npu-simlog-');
  const { prototxt, caffemodel } = await writeCaffeSample(dir);
  assert.equal(captured(dir, `bmnetc --model=${prototxt} --weight=${caffemodel} --target=BM1684 --outdir=ctx`).status, 0);
  const ok = parseLog(captured(dir, 'bmrt_test --context_dir=ctx').log);
  assert.deepEqual([ok.tool, ok.verdict, ok.compare], ['bmrt_test', 'success', { compared: 1, passed: 1, failed: 0, firstFailure: null }]);
  assert.equal(ok.timings.launchTotalMs, 4.521);
  assert.equal(ok.model?.file, 'ctx/compilation.bmodel');
  const failed = parseLog(captured(dir, 'bmrt_test --context_dir=ctx', { NPU_SIM_FAIL: 'cmp' }).log);
  assert.equal(failed.verdict, 'failure');
  assert.deepEqual(failed.compare, { compared: 1, passed: 0, failed: 1, firstFailure: 'output' });
  assert.equal(failed.errors.length, 3);
  const fatal = captured(dir, 'bmrt_test --context_dir=ctx --bmodel=ctx/compilation.bmodel');
  assert.equal(fatal.status, 134);
  assert.deepEqual(parseLog(fatal.log).errors.map((e) => e.message), ["can't use dir and bmodel at the same time"]);

  assert.equal(captured(dir, `atc --model=${prototxt} --weight=${caffemodel} --framework=0 --output=lenet --soc_version=Ascend310`).status, 0);
  const run = parseLog(captured(dir, 'msame --model lenet.om --output out/ --loop 2').log);
  assert.deepEqual([run.tool, run.verdict, run.model?.file], ['msame', 'success', 'lenet.om']);
  assert.equal(run.timings.firstInferenceMs, 7.5);
  assert.equal(run.timings.averageWithoutFirstMs, 4.5);
  for (const line of [`msame --model ${prototxt}`, 'msame --model lenet.om --loop 101', 'msame --model lenet.om --bogus 1', 'msame']) {
    const bad = captured(dir, line);
    const report = parseLog(bad.log);
    // msame exits 0 after most of these: the log is what tells.
    assert.deepEqual([report.tool, report.verdict], ['msame', 'failure'], line);
    assert.ok(report.errors.length > 0, line);
  }
});
