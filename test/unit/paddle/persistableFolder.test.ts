// A folder of per-variable Paddle tensors without a program (fluid.io.save_persistables, a
// PaddleClas checkpoint): it opens as its variables with dtype and shape, with the explanation
// and the export command in the warnings; `info` exits 0 and prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { openModel } from '../../../src/core/openModel';
import { encodeTensorRecord } from '../../../src/core/formats/paddle/tensorRecordWriter';
import { VarKind } from '../../../src/core/formats/paddle/programTypes';
import { ifFullCorpus, sharedModel } from '../../support/corpus';
import { tempDir } from '../../support/tempDir';

const cli = path.resolve(__dirname, '../../../src/cli/main.js');

function writeCheckpoint(dir: string): void {
  writeFileSync(path.join(dir, 'fc_0.w_0'), encodeTensorRecord({ name: 'fc_0.w_0', dataType: VarKind.FP32, dims: [13, 1], data: new Uint8Array(13 * 4) }));
  writeFileSync(path.join(dir, 'fc_0.b_0'), encodeTensorRecord({ name: 'fc_0.b_0', dataType: VarKind.FP32, dims: [1], data: new Uint8Array(4) }));
  writeFileSync(path.join(dir, 'step'), encodeTensorRecord({ name: 'step', dataType: VarKind.INT64, dims: [], data: new Uint8Array(8) }));
}

test('a checkpoint folder opens as its variables, sorted, with dtype and shape, and the export command', async (t) => {
  const dir = tempDir(t, 'npu-ckpt-');
  writeCheckpoint(dir);
  const model = await openModel(dir);
  assert.equal(model.framework, 'paddle');
  assert.equal(model.format, 'persistables');
  assert.equal(model.graph.nodes.length, 0);
  assert.deepEqual(model.variables, [
    { name: 'fc_0.b_0', shape: [1], dtype: 'float32' },
    { name: 'fc_0.w_0', shape: [13, 1], dtype: 'float32' },
    { name: 'step', shape: [], dtype: 'int64' },
  ]);
  assert.deepEqual(model.params, ['fc_0.b_0', 'fc_0.w_0', 'step']);
  assert.deepEqual(model.warnings.map((w) => w.code), ['paddle.persistables']);
  const message = model.warnings[0].message;
  assert.match(message, /weights of 3 variables saved one file per variable/);
  assert.ok(message.includes(`python tools/export_model.py --m=<model name> --p=${dir} --o=<output folder>`), message);
  assert.ok(message.includes('paddle.static.save_inference_model('), message);
  assert.equal((await model.weights!.read('fc_0.w_0')).length, 52);
});

test('info on a checkpoint folder exits 0: the variables in --json and in the summary, the explanation in warnings', (t) => {
  const dir = tempDir(t, 'npu-ckpt-');
  writeCheckpoint(dir);
  const json = spawnSync(process.execPath, [cli, 'info', dir, '--json'], { encoding: 'utf8' });
  assert.equal(json.status, 0, json.stderr);
  const info = JSON.parse(json.stdout);
  assert.equal(info.nodeCount, 0);
  assert.deepEqual(info.variables.map((v: { name: string; shape: number[]; dtype: string }) => `${v.name} ${v.dtype} [${v.shape}]`), ['fc_0.b_0 float32 [1]', 'fc_0.w_0 float32 [13,1]', 'step int64 []']);
  assert.equal(info.warnings.length, 1);
  assert.ok(info.warnings[0].startsWith(`${dir}: this folder holds the weights of 3 variables`), info.warnings[0]);
  assert.match(info.warnings[0], /tools\/export_model\.py --m=<model name> --p=/);
  const text = spawnSync(process.execPath, [cli, 'info', dir], { encoding: 'utf8' });
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^variables:\n {2}fc_0\.b_0 {2}\[1\] {2}float32\n {2}fc_0\.w_0 {2}\[13, 1\] {2}float32\n {2}step {2}\[\] {2}int64$/m);
});

test('info on a model says nothing of variables: the key is absent', (t) => {
  const dir = tempDir(t, 'npu-ckpt-');
  writeFileSync(path.join(dir, 'model.json'), '{"base_code":{"magic":"pir","trainable":true,"version":1},"program":{"regions":[{"#":"region_0","blocks":[{"#":"block_0","args":[],"ops":[]}]}]}}');
  const r = spawnSync(process.execPath, [cli, 'info', path.join(dir, 'model.json'), '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal('variables' in JSON.parse(r.stdout), false);
});

ifFullCorpus(test)('a sample\'s per-variable weights without their program are recognised: the same tensors the program pairs', async (t) => {
  const sample = sharedModel('paddle', 'resnet_cifar10_fluid');
  const dir = tempDir(t, 'npu-ckpt-');
  for (const name of readdirSync(sample).filter((n) => n !== '__model__')) copyFileSync(path.join(sample, name), path.join(dir, name));
  const checkpoint = await openModel(dir);
  const withProgram = await openModel(path.join(sample, '__model__'));
  const described = (entries: readonly { key: string; dtype: string; shape: number[] }[]) => entries.map((e) => [e.key, e.dtype, e.shape]).sort();
  assert.deepEqual(described(checkpoint.weights!.entries), described(withProgram.weights!.entries));
  assert.equal(checkpoint.variables!.length, withProgram.weights!.entries.length);
});
