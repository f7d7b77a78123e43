// The tool simulators answer as toolchains.md says the real tools do: option checks and their
// exit codes, log lines, the bmodel header, reference data, ATC's console protocol, bmrt_test's
// compare, the device tables. They are run here as the SSH host runs them: after the setup line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';
import { writePaddleSample } from '../../../src/core/samples/paddleSample';
import { parseBmrtTestOutput } from '../../../src/core/run/bmrtTestOutput';
import { parseMsameOutput } from '../../../src/core/run/msameOutput';
import { writeSimulatedSdk, type SimulatedSdk } from '../../support/simulatedSdk';
import { tempDir } from '../../support/tempDir';

let sdk: SimulatedSdk;
let sdkDir: string;
before(() => {
  sdkDir = mkdtempSync(path.join(tmpdir(), 'npu-sdk-'));
  sdk = writeSimulatedSdk(sdkDir);
});
after(() => rmSync(sdkDir, { recursive: true, force: true }));

function tool(cwd: string, line: string, env: Record<string, string> = {}) {
  const r = spawnSync('bash', ['-c', `${sdk.setup}\n${line}`], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('bmpaddle (python3 -m): a model directory compiles to a bmodel with the vendor header and reference data', async (t) => {
  const dir = tempDir(t, 'npu-sim-');
  mkdirSync(path.join(dir, 'model'));
  await writePaddleSample(path.join(dir, 'model'));
  const r = tool(dir, 'python3 -m bmpaddle --model=model --shapes=[1,3,32,32] --input_names=x --output_names=softmax_0.tmp_0 --net_name=tiny --target=BM1684 --outdir=out');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /# Store bmodel of BMCompiler\.\n/);
  assert.match(r.stderr, /^I\d{4} [\d:.]+ +\d+ bmcompiler_bmodel\.cpp:130\] \[BMCompiler:I\] save_tensor input name \[x\]$/m);
  const bmodel = readFileSync(path.join(dir, 'out', 'compilation.bmodel'));
  assert.deepEqual([...bmodel.subarray(0, 4)], [0xee, 0xaa, 0x55, 0xff]);
  assert.equal(bmodel.readUInt32LE(4), 64);
  assert.equal(64 + bmodel.readUInt32LE(8) + bmodel.readUInt32LE(12), bmodel.length);
  assert.equal(statSync(path.join(dir, 'out', 'input_ref_data.dat')).size, 3 * 32 * 32 * 4);
  assert.ok(existsSync(path.join(dir, 'out', 'output_ref_data.dat')));
});

test('bmpaddle: a missing required option is argparse\'s error, exit 2; a file for --model fails with a traceback, exit 1; no output', async (t) => {
  const dir = tempDir(t, 'npu-sim-');
  mkdirSync(path.join(dir, 'model'));
  await writePaddleSample(path.join(dir, 'model'));
  const missing = tool(dir, 'python3 -m bmpaddle --model=model --shapes=[1,3,32,32] --net_name=tiny --target=BM1684 --outdir=out');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /error: the following arguments are required: --input_names, --output_names$/m);
  const file = readdirSync(path.join(dir, 'model')).find((f) => f.endsWith('.pdmodel'))!;
  const wrong = tool(dir, `python3 -m bmpaddle --model=model/${file} --shapes=[1,3,32,32] --input_names=x --output_names=y --net_name=tiny --target=BM1684 --outdir=out`);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /^Traceback \(most recent call last\):\n[\s\S]*ValueError: --model must be the model directory/m);
  assert.equal(existsSync(path.join(dir, 'out')), false);
});

test('bmnetc (gflags): compiles a Caffe net; NPU_SIM_FAIL=cmp fails in the compare step, exit 1, with per-layer statistics under BMCOMPILER_STAT_ERR', async (t) => {
  const dir = tempDir(t, 'npu-sim-');
  const { prototxt, caffemodel } = await writeCaffeSample(dir);
  const ok = tool(dir, `bmnetc -model=${prototxt} --weight ${caffemodel} --target=BM1684X --outdir=out`);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(statSync(path.join(dir, 'out', 'input_ref_data.dat')).size, 28 * 28 * 4);
  const unknown = tool(dir, `bmnetc --model=${prototxt} --weight=${caffemodel} --target=BM1684 --shape=[1,1,28,28]`);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /^ERROR: unknown command line flag 'shape'$/m);
  const cmp = tool(dir, `bmnetc --model=${prototxt} --weight=${caffemodel} --target=BM1684 --outdir=bad`, { NPU_SIM_FAIL: 'cmp', BMCOMPILER_STAT_ERR: '1' });
  assert.equal(cmp.status, 1);
  assert.match(cmp.stderr, /\[BMCompiler:I\] stat err of \[output\]/);
  assert.match(cmp.stderr, /\[BMCompiler:F\] result compare failed/);
  assert.equal(existsSync(path.join(dir, 'bad')), false);
  const cmpOff = tool(dir, `bmnetc --model=${prototxt} --weight=${caffemodel} --target=BM1684 --cmp=false --outdir=nocmp`, { NPU_SIM_FAIL: 'cmp' });
  assert.equal(cmpOff.status, 0, cmpOff.stderr);
  assert.deepEqual(readdirSync(path.join(dir, 'nocmp')), ['compilation.bmodel']);
});

test('atc: the console protocol, E10008 for Caffe without --weight (exit 255), <output>.om on success', async (t) => {
  const dir = tempDir(t, 'npu-sim-');
  const { prototxt, caffemodel } = await writeCaffeSample(dir);
  const noWeight = tool(dir, `atc --model=${prototxt} --framework=0 --output=lenet --soc_version=Ascend310`);
  assert.equal(noWeight.status, 255);
  assert.match(noWeight.stdout, /^ATC start working now, please wait for a moment\.\nATC run failed, Please check the detail log, Try 'atc --help' for more information\nE10008: --weight must not be empty when --framework is set to 0 \(Caffe\)\.$/m);
  const ok = tool(dir, `atc --model=${prototxt} --weight=${caffemodel} --framework=0 --output=lenet --soc_version=Ascend310 --input_shape="data:1,1,28,28"`);
  assert.equal(ok.status, 0, ok.stdout);
  assert.match(ok.stdout, /ATC run success, welcome to the next use\.\n$/);
  assert.ok(existsSync(path.join(dir, 'lenet.om')));
  const badShape = tool(dir, `atc --model=${prototxt} --weight=${caffemodel} --framework=0 --output=x --soc_version=Ascend310 --input_shape="data:0,1,28,28"`);
  assert.equal(badShape.status, 255);
  assert.match(badShape.stdout, /^E10011: /m);
});

test('bmrt_test: compares against the compile\'s reference data, saves the IO tensors, and fails as the runtime does', async (t) => {
  const dir = tempDir(t, 'npu-sim-');
  const { prototxt, caffemodel } = await writeCaffeSample(dir);
  assert.equal(tool(dir, `bmnetc --model=${prototxt} --weight=${caffemodel} --target=BM1684 --outdir=ctx`).status, 0);
  const run = tool(dir, 'bmrt_test --context_dir=ctx', { BMRT_SAVE_IO_TENSORS: '1' });
  assert.equal(run.status, 0, run.stdout);
  assert.match(run.stdout, /^\[BMRT\]\[bmrt_test:\d+\] INFO:\+\+\+ The network\[LeNetSample\] stage\[0\] cmp success \+\+\+$/m);
  assert.match(run.stdout, /INFO:net\[LeNetSample\] stage\[0\], launch total time is \d+ us \(npu \d+ us, cpu \d+ us\)/);
  assert.deepEqual(readFileSync(path.join(dir, 'output_ref_data.dat.bmrt')), readFileSync(path.join(dir, 'ctx', 'output_ref_data.dat')));
  const both = tool(dir, 'bmrt_test --context_dir=ctx --bmodel=ctx/compilation.bmodel');
  assert.equal(both.status, 134);
  assert.match(both.stdout, /FATAL:can't use dir and bmodel at the same time/);
  const failed = tool(dir, 'bmrt_test --context_dir=ctx', { NPU_SIM_FAIL: 'cmp' });
  assert.equal(failed.status, 255);
  assert.match(failed.stdout, /WRONG:comparing #0 output failed!\n.*FATAL:\+\+\+ The network\[LeNetSample\] stage\[0\] cmp failed \+\+\+/);
  // The parsers read the simulator's runs as the real tool's.
  assert.deepEqual(parseBmrtTestOutput(run.stdout).compares, [{ net: 'LeNetSample', stage: 0, passed: true }]);
  assert.deepEqual(parseBmrtTestOutput(failed.stdout).failedOutputs, [0]);
});

test('bm-smi and npu-smi print their device tables, or fail without a device', (t) => {
  const dir = tempDir(t, 'npu-sim-');
  assert.match(tool(dir, 'bm-smi').stdout, /1219MB\/ 10694MB +12%/);
  assert.match(tool(dir, 'npu-smi info').stdout, /\| 0 +310P3 +\| OK/);
  assert.notEqual(tool(dir, 'bm-smi', { NPU_SIM_DEVICE: 'none' }).status, 0);
});

test('msame: runs an .om into a timestamped folder; its argument errors mostly exit 0, as the real one does', async (t) => {
  const dir = tempDir(t, 'npu-sim-');
  const { prototxt, caffemodel } = await writeCaffeSample(dir);
  assert.equal(tool(dir, `atc --model=${prototxt} --weight=${caffemodel} --framework=0 --output=lenet --soc_version=Ascend310`).status, 0);
  const run = tool(dir, 'msame --model lenet.om --output out/ --loop 2');
  assert.equal(run.status, 0, run.stdout);
  const folder = /^(out\/\/\d{8}_\d{6})$/m.exec(run.stdout)?.[1];
  assert.ok(folder, run.stdout);
  assert.deepEqual(readdirSync(path.join(dir, folder)), ['lenet_output_0.bin']);
  assert.match(run.stdout, /^Inference average time: \d+\.\d{6} ms\nInference average time without first time: \d+\.\d{6} ms$/m);
  assert.match(run.stdout, /^\[INFO\] pid: \d+ Execute sample success$/m);
  const parsed = parseMsameOutput(run.stdout);
  assert.equal(parsed.outputFolder, folder);
  assert.equal(parsed.inferenceMillis.length, 2);
  assert.ok(parsed.succeeded && parsed.averageMillis !== undefined);
  const notOm = tool(dir, `msame --model ${prototxt}`);
  assert.equal(notOm.status, 0);
  assert.match(notOm.stdout, /^\[ERROR\] input model file type is not \.om , please check your model type!$/m);
  const loop = tool(dir, 'msame --model lenet.om --loop 101');
  assert.equal(loop.status, 0);
  assert.match(loop.stdout, /^\[ERROR\] loop must in 1 to 100$/m);
  const none = tool(dir, 'msame');
  assert.equal(none.status, 1);
  assert.match(none.stdout, /^\[ERROR\] Invalid params\n\[ERROR\] Execute sample failed$/m);
});
