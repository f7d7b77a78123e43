// openPaddleModel's file handling: what is recognised, which program and weights are picked,
// and how weights that disagree with the program are reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ModelFormatError } from '../../../src/core/errors';
import { openPaddleModel, sniffPaddle } from '../../../src/core/formats/paddle/openPaddle';
import { readProgramFile } from '../../../src/core/formats/paddle/programReader';
import { encodeProgram } from '../../../src/core/formats/paddle/programWriter';
import { corpus, ifFullCorpus, sharedModel } from '../../support/corpus';
import { writeCombinedParams } from '../../../src/core/formats/paddle/paramsWriter';
import type { PaddleWeightEntry } from '../../../src/core/formats/paddle/weightStore';

function scratch(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-paddle-open-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const head = (file: string) => new Uint8Array(readFileSync(file).subarray(0, 4096));

ifFullCorpus(test)('sniffPaddle: Paddle names, and ProgramDesc bytes under any name', () => {
  const none = new Uint8Array(0);
  for (const name of ['a.pdmodel', 'b.PDIPARAMS', 'c.pdparams', 'd.pdopt', 'x/__model__', 'x/model']) assert.ok(sniffPaddle(name, none), name);
  for (const name of ['deploy.prototxt', 'net.caffemodel', 'model.onnx', 'params', 'models']) assert.ok(!sniffPaddle(name, none), name);
  // uci_housing's is a Fluid __model__ every run has; the last two programs, and the encrypted
  // one, are in the full corpus only.
  const programs = [['simple_model', 'model.pdmodel'], ['uci_housing_fit_a_line', '__model__'], ['resnet_cifar10_fluid', '__model__'], ['training_program_control_flow', 'best_model.pdmodel']];
  for (const [model, file] of programs.filter(([model, file]) => corpus.has('paddle', model, file))) {
    assert.ok(sniffPaddle('renamed.bin', head(corpus.path('paddle', model, file))), model);
  }
  if (corpus.has('paddle', 'paddlex_encrypted', 'model.pdmodel')) assert.ok(!sniffPaddle('renamed.bin', head(corpus.path('paddle', 'paddlex_encrypted', 'model.pdmodel'))));
  assert.ok(!sniffPaddle('renamed.bin', head(sharedModel('paddle', 'simple_model', 'model.pdiparams'))));
  assert.ok(!sniffPaddle('renamed.bin', new TextEncoder().encode('name: "LeNet"\nlayer {\n')));
});

ifFullCorpus(test)('opening a .pdiparams opens its .pdmodel with those weights', async () => {
  const model = await openPaddleModel(sharedModel('paddle', 'simple_model', 'model.pdiparams'), {});
  assert.equal(model.file, sharedModel('paddle', 'simple_model', 'model.pdmodel'));
  assert.equal(model.format, 'pdmodel');
  // `model` is what every exporter calls it; the folder names the model.
  assert.equal(model.name, 'simple_model');
  assert.deepEqual(model.weights?.files, [sharedModel('paddle', 'simple_model', 'model.pdiparams')]);
  assert.equal(model.weights?.entries.length, 5);
});

ifFullCorpus(test)('opening a params file opens the model program beside it', async () => {
  const model = await openPaddleModel(sharedModel('paddle', 'fill_constant_autoscan', 'params'), {});
  assert.equal(model.file, sharedModel('paddle', 'fill_constant_autoscan', 'model'));
  assert.equal(model.format, 'model');
  assert.equal(model.name, 'fill_constant_autoscan');
  assert.deepEqual(model.weights?.entries.map((e) => e.key), ['place_holder_weight']);
});

ifFullCorpus(test)('a .pdiparams without its program is explained', async (t) => {
  const dir = scratch(t);
  const file = path.join(dir, 'lonely.pdiparams');
  copyFileSync(sharedModel('paddle', 'simple_model', 'model.pdiparams'), file);
  await assert.rejects(openPaddleModel(file, {}), (e: unknown) => e instanceof ModelFormatError && /lonely\.pdmodel is not beside it/.test(e.message));
});

ifFullCorpus(test)('weights are read on demand, byte for byte from the file', async () => {
  const model = await openPaddleModel(sharedModel('paddle', 'custom_gap', 'custom_gap.pdmodel'), {});
  const store = model.weights!;
  const entry = store.get('linear_0.w_0')!;
  assert.deepEqual([entry.dtype, entry.shape, entry.byteLength], ['float32', [96, 1], 384]);
  const bytes = await store.read('linear_0.w_0');
  const file = readFileSync(sharedModel('paddle', 'custom_gap', 'custom_gap.pdiparams'));
  assert.ok(Buffer.from(bytes).equals(file.subarray(entry.offset, entry.offset + 384)));
  const conv = model.graph.nodes.find((n) => n.type === 'conv2d')!;
  assert.deepEqual(conv.weights, [{ slot: 'Filter', name: 'conv2d_0.w_0', key: 'conv2d_0.w_0', shape: [6, 3, 3, 3], dtype: 'float32' }]);
  await assert.rejects(store.read('no_such_var'), /no tensor named no_such_var/);
});

ifFullCorpus(test)('noWeights skips the weights; a named weights path overrides the one beside', async (t) => {
  const plain = await openPaddleModel(sharedModel('paddle', 'simple_model', 'model.pdmodel'), { noWeights: true });
  assert.equal(plain.weights, undefined);
  assert.ok(plain.graph.nodes.every((n) => n.weights.every((w) => w.key === undefined)));
  assert.deepEqual(plain.warnings, []);

  const dir = scratch(t);
  const program = path.join(dir, 'model.pdmodel');
  copyFileSync(sharedModel('paddle', 'simple_model', 'model.pdmodel'), program);
  const withoutWeights = await openPaddleModel(program, {});
  assert.equal(withoutWeights.weights, undefined);
  assert.deepEqual(withoutWeights.warnings.map((w) => w.code), ['paddle.no-weights']);
  const named = await openPaddleModel(program, { weights: sharedModel('paddle', 'simple_model', 'model.pdiparams') });
  assert.equal(named.weights?.entries.length, 5);
  await assert.rejects(openPaddleModel(program, { weights: path.join(dir, 'missing.pdiparams') }), ModelFormatError);
});

ifFullCorpus(test)('a program folder with some parameter files missing loads the rest and says which are missing', async (t) => {
  const dir = scratch(t);
  const from = sharedModel('paddle', 'uci_housing_fit_a_line');
  for (const name of readdirSync(from)) if (name !== 'fc_0.b_0') copyFileSync(path.join(from, name), path.join(dir, name));
  const model = await openPaddleModel(path.join(dir, '__model__'), {});
  assert.equal(model.name, path.basename(dir));
  assert.equal(model.format, '__model__');
  assert.deepEqual(model.weights?.entries.map((e) => e.key), ['fc_0.w_0']);
  const missing = model.warnings.find((w) => w.code === 'paddle.params-missing');
  assert.ok(missing);
  assert.match(missing.message, /1 of 2 parameter files are missing \(fc_0\.b_0\)/);
  const mul = model.graph.nodes.find((n) => n.type === 'elementwise_add')!;
  assert.deepEqual(mul.weights.map((w) => [w.name, w.key]), [['fc_0.b_0', undefined]]);
});

ifFullCorpus(test)('weights that disagree with the program are reported by var name', async (t) => {
  const dir = scratch(t);
  const program = await readProgramFile(sharedModel('paddle', 'custom_gap', 'custom_gap.pdmodel'));
  const bias = program.blocks![0].vars!.find((v) => v.name === 'conv2d_1.b_0')!;
  bias.type.lod_tensor!.tensor.dims = [4];
  writeFileSync(path.join(dir, 'custom_gap.pdmodel'), encodeProgram(program));
  copyFileSync(sharedModel('paddle', 'custom_gap', 'custom_gap.pdiparams'), path.join(dir, 'custom_gap.pdiparams'));
  const model = await openPaddleModel(path.join(dir, 'custom_gap.pdmodel'), {});
  const shape = model.warnings.filter((w) => w.code === 'paddle.params-shape');
  assert.equal(shape.length, 1);
  assert.match(shape[0].message, /^conv2d_1\.b_0: the weights hold shape \[3\] but the program declares \[4\]$/);
  assert.equal(shape[0].file, path.join(dir, 'custom_gap.pdiparams'));
});

ifFullCorpus(test)('a weights file with fewer tensors than the program saves names the first missing var', async (t) => {
  const dir = scratch(t);
  const program = await readProgramFile(sharedModel('paddle', 'simple_model', 'model.pdmodel'));
  program.blocks![0].vars!.push({ name: 'zz_extra', type: { type: 7, lod_tensor: { tensor: { data_type: 5, dims: [2] } } }, persistable: true });
  writeFileSync(path.join(dir, 'model.pdmodel'), encodeProgram(program));
  copyFileSync(sharedModel('paddle', 'simple_model', 'model.pdiparams'), path.join(dir, 'model.pdiparams'));
  const model = await openPaddleModel(path.join(dir, 'model.pdmodel'), {});
  const count = model.warnings.find((w) => w.code === 'paddle.params-count');
  assert.ok(count);
  assert.match(count.message, /holds 5 tensors but the program saves 6; missing from zz_extra/);
  assert.ok(model.params.includes('zz_extra'));
});

ifFullCorpus(test)('a .pdparams that is not a pickle is still explained as training state', async (t) => {
  const dir = scratch(t);
  const file = path.join(dir, 'old.pdparams');
  copyFileSync(sharedModel('paddle', 'simple_model', 'model.pdiparams'), file);
  await assert.rejects(openPaddleModel(file, {}), (e: unknown) => {
    assert.ok(e instanceof ModelFormatError);
    assert.match(e.message, /holds training state, not an inference program.*paddle\.jit\.save/);
    return true;
  });
});

ifFullCorpus(test)('a pickle renamed to .pdmodel is still recognised as a checkpoint', async (t) => {
  const dir = scratch(t);
  const file = path.join(dir, 'model.pdmodel');
  copyFileSync(corpus.path('paddle', 'pdparams_training_checkpoint', 'latest.pdparams'), file);
  await assert.rejects(openPaddleModel(file, {}), /byte 0: this is a Paddle training checkpoint \(a Python pickle, protocol 4\)/);
});

ifFullCorpus(test)('a __model__ with a combined __params__ beside it reads its weights from there', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-params-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const join = path.join;
  const separate = await openPaddleModel(sharedModel('paddle', 'uci_housing_fit_a_line', '__model__'), {});
  copyFileSync(sharedModel('paddle', 'uci_housing_fit_a_line', '__model__'), join(dir, '__model__'));
  await writeCombinedParams(join(dir, '__params__'), separate.weights!.entries as PaddleWeightEntry[]);
  for (const opened of [join(dir, '__model__'), join(dir, '__params__')]) {
    const combined = await openPaddleModel(opened, {});
    assert.deepEqual(combined.weights?.files, [join(dir, '__params__')], opened);
    assert.deepEqual(combined.warnings, []);
    assert.deepEqual(await combined.weights!.read('fc_0.w_0'), await separate.weights!.read('fc_0.w_0'));
  }
});
