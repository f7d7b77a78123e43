// `npu-deploy convert` on a Paddle 3 PIR program: bmpaddle (the Sophon default) and ATC cannot
// read it, so where the host has paddle2onnx the job goes by way of ONNX in one command line
// (paddle2onnx, then bmneto on Sophon or ATC --framework=5 on Ascend), with the simulated SDK on
// this machine as the host. A host without paddle2onnx gets the routes on one line, exit 1, and
// nothing uploaded; a program paddle2onnx cannot take is refused before the host is contacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { encodePirParams, writePirModel } from '../../../src/core/formats/paddle/pirWriter';
import { smallPirModel } from '../../support/pirModels';
import { runCli } from '../../support/runCli';
import { writeSimulatedSdk } from '../../support/simulatedSdk';
import { tempDir } from '../../support/tempDir';

/** Hosts on this machine: one with the whole simulated SDK, one whose SDK lacks paddle2onnx, one unreachable. */
function hostsFile(dir: string): { file: string; workdir: string } {
  const full = writeSimulatedSdk(path.join(dir, 'sdk'));
  const lacking = writeSimulatedSdk(path.join(dir, 'sdk-no-p2o'), { without: ['paddle2onnx'] });
  const workdir = path.join(dir, 'work');
  const file = path.join(dir, 'hosts.json');
  writeFileSync(file, JSON.stringify({ hosts: [
    { name: 'bm', kind: 'sophon', target: 'BM1684', setup: full.setup, workdir },
    { name: 'ascend', kind: 'ascend', socVersion: 'Ascend310', setup: full.setup, workdir },
    { name: 'bm-no-p2o', kind: 'sophon', target: 'BM1684', setup: lacking.setup, workdir },
    { name: 'far', kind: 'sophon', target: 'BM1684', ssh: 'nobody@npu-deploy-test.invalid', workdir: '/tmp/npu-deploy-test' },
  ] }));
  return { file, workdir };
}

async function pirModel(dir: string): Promise<string> {
  const folder = path.join(dir, 'pir');
  mkdirSync(folder);
  const { builder, tensors } = smallPirModel();
  await writePirModel(path.join(folder, 'inference'), builder, tensors);
  return folder;
}

interface JobLine { verdict: string; tool: string; command: string; outputs: string[] }
const lastLine = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as JobLine;

const ROUTES = [/PIR program/, /FLAGS_enable_pir_api=0/, /paddle2onnx/, /bmneto/, /ATC with --framework=5/];

for (const [label, model] of [['the folder', (f: string) => f], ['inference.json', (f: string) => path.join(f, 'inference.json')]] as const) {
  test(`convert of a PIR program (${label}) for Sophon runs paddle2onnx then bmneto as one job`, async (t) => {
    const dir = tempDir(t, 'npu-convert-pir-');
    const { file } = hostsFile(dir);
    const folder = await pirModel(dir);
    const out = path.join(dir, 'out');
    mkdirSync(out);
    const r = await runCli(['convert', model(folder), '--host', 'bm', '--hosts', file, '--out', out, '--json']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /\[Paddle2ONNX\] PaddlePaddle model is exported as ONNX format now\./);
    assert.match(r.stdout, /# Store bmodel of BMCompiler\./);
    const job = lastLine(r.stdout);
    assert.equal(job.verdict, 'success');
    assert.equal(job.tool, 'bmneto');
    const m = /^cd (\S+) && paddle2onnx --model_dir \S+\/models\/[0-9a-f]+ --model_filename inference\.json --params_filename inference\.pdiparams --save_file (\S+\.onnx) --opset_version 11 && python3 -m bmneto --model=(\S+) --target=BM1684 '--shapes=\[[\d,]+\]' --outdir=(\S+)$/.exec(job.command);
    assert.ok(m, job.command);
    assert.equal(m[3], `${m[1]}/${m[2]}`, 'bmneto reads the ONNX file paddle2onnx wrote in the job folder');
    assert.deepEqual(job.outputs.map((o) => path.basename(o)), ['compilation.bmodel', 'input_ref_data.dat', 'output_ref_data.dat']);
    assert.equal(readFileSync(job.outputs[0]).readUInt32LE(0), 0xff55aaee);
  });
}

test('convert of a PIR program on an Ascend host runs paddle2onnx then ATC with --framework=5', async (t) => {
  const dir = tempDir(t, 'npu-convert-pir-');
  const { file } = hostsFile(dir);
  const out = path.join(dir, 'out');
  mkdirSync(out);
  const r = await runCli(['convert', await pirModel(dir), '--host', 'ascend', '--hosts', file, '--out', out, '--json']);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const job = lastLine(r.stdout);
  assert.equal(job.tool, 'atc');
  assert.match(job.command, / && paddle2onnx .* && atc --model=\S+\.onnx --framework=5 --output=\S+ --soc_version=Ascend310 --input_shape=\S+$/);
  assert.equal(job.outputs.length, 1);
  assert.match(job.outputs[0], /\.om$/);
  assert.ok(existsSync(job.outputs[0]));
});

test('a host without paddle2onnx: exit 1, the routes and the missing tool on one line, nothing uploaded or written', async (t) => {
  const dir = tempDir(t, 'npu-convert-pir-');
  const { file, workdir } = hostsFile(dir);
  const folder = await pirModel(dir);
  const before = readdirSync(folder).sort();
  const r = await runCli(['convert', folder, '--host', 'bm-no-p2o', '--hosts', file]);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^npu-deploy convert: host bm-no-p2o has no paddle2onnx/);
  for (const route of ROUTES) assert.match(lines[0], route);
  assert.deepEqual(readdirSync(folder).sort(), before);
  assert.equal(existsSync(path.join(workdir, 'models')), false, 'the model was not uploaded');
});

test('a PIR program with one file per parameter is refused before the host is contacted (exit 1, not 3)', async (t) => {
  const dir = tempDir(t, 'npu-convert-pir-');
  const { file } = hostsFile(dir);
  const folder = path.join(dir, 'separate');
  mkdirSync(folder);
  const { builder, tensors } = smallPirModel();
  writeFileSync(path.join(folder, '__model__.json'), builder.text());
  for (const tensor of tensors) writeFileSync(path.join(folder, tensor.name), encodePirParams([tensor]));
  const r = await runCli(['convert', folder, '--host', 'far', '--hosts', file]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^npu-deploy convert: bmpaddle cannot read/);
  assert.match(r.stderr, /paddle2onnx takes one \.pdiparams file beside the program/);
});
