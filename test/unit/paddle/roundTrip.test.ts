// Read → write → compare: programs and both weight layouts come back byte-identical, and the
// subset writer (for the sub-model cut) writes any selection in sorted-name order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decodeProgram, readProgramFile } from '../../../src/core/formats/paddle/programReader';
import { encodeProgram, writeProgram } from '../../../src/core/formats/paddle/programWriter';
import { indexCombinedParams, indexSeparateParams } from '../../../src/core/formats/paddle/paramsIndex';
import { savedVarNames } from '../../../src/core/formats/paddle/persistables';
import { writeCombinedParams, writeSeparateParams } from '../../../src/core/formats/paddle/paramsWriter';
import { corpus, ifFullCorpus, sharedModel } from '../../support/corpus';
import { paddleReferences } from './paddleReferences';

function scratch(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-paddle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const programs = paddleReferences().flatMap((r) =>
  r.entries.filter((e) => e.program?.protoc_ok).map((e) => ({ model: r.model, file: r.path(e.program!.file) })),
);

ifFullCorpus(test)('there are programs to round-trip', () => assert.ok(programs.length >= 10));

for (const { model, file } of programs) {
  test(`${model}/${path.basename(file)}: program read → write is byte-identical`, async () => {
    const original = readFileSync(file);
    const program = await readProgramFile(file);
    const written = encodeProgram(program);
    assert.equal(written.length, original.length);
    assert.ok(Buffer.from(written).equals(original), 'same bytes');
    assert.deepEqual(decodeProgram(written, 'rewritten'), program);
  });
}

ifFullCorpus(test)('writeProgram writes the file atomically and it reads back the same', async (t) => {
  const dir = scratch(t);
  const file = sharedModel('paddle', 'uci_housing_fit_a_line', '__model__');
  const program = await readProgramFile(file);
  const target = path.join(dir, '__model__');
  await writeProgram(target, program);
  assert.ok(readFileSync(target).equals(readFileSync(file)));
  assert.deepEqual(readdirSync(dir), ['__model__'], 'no temporary file left behind');
});

const combined = [
  ['ppocrv3_det', 'model.pdmodel', 'model.pdiparams'],
  ['simple_model', 'model.pdmodel', 'model.pdiparams'],
  ['custom_gap', 'custom_gap.pdmodel', 'custom_gap.pdiparams'],
  ['fill_constant_autoscan', 'model', 'params'],
];

// ppocrv3_det here, and the last two folders below, are in the full corpus only.
for (const [model, programName, paramsName] of combined.filter(([model, programName]) => corpus.has('paddle', model, programName))) {
  test(`${model}/${paramsName}: combined params index → write is byte-identical`, async (t) => {
    const program = await readProgramFile(corpus.path('paddle', model, programName));
    const source = corpus.path('paddle', model, paramsName);
    const index = await indexCombinedParams(source, savedVarNames(program));
    const target = path.join(scratch(t), paramsName);
    // Reversed on purpose: the writer, not the caller, owns the sorted order.
    await writeCombinedParams(target, [...index.store.entries].reverse());
    assert.ok(readFileSync(target).equals(readFileSync(source)), 'same bytes');
  });
}

for (const model of ['uci_housing_fit_a_line', 'resnet_cifar10_fluid', 'ocr_det_db_fluid'].filter((m) => corpus.has('paddle', m))) {
  test(`${model}: per-var params index → write gives byte-identical files`, async (t) => {
    const folder = corpus.path('paddle', model);
    const program = await readProgramFile(path.join(folder, '__model__'));
    const index = await indexSeparateParams(folder, savedVarNames(program));
    assert.ok(index.store.entries.length > 0);
    const dir = scratch(t);
    await writeSeparateParams(dir, index.store.entries);
    assert.equal(readdirSync(dir).length, index.store.entries.length);
    for (const entry of index.store.entries) {
      assert.ok(readFileSync(path.join(dir, entry.key)).equals(readFileSync(entry.file)), entry.key);
    }
  });
}

ifFullCorpus(test)('a subset of tensors is written in sorted-name order and reads back with the same data', async (t) => {
  const folder = corpus.path('paddle', 'resnet_cifar10_fluid');
  const program = await readProgramFile(path.join(folder, '__model__'));
  const index = await indexSeparateParams(folder, savedVarNames(program));
  const subset = [index.store.get('conv2d_5.w_0')!, index.store.get('batch_norm_2.b_0')!, index.store.get('batch_norm_12.w_1')!];
  assert.ok(subset.every(Boolean));
  const target = path.join(scratch(t), 'cut.pdiparams');
  await writeCombinedParams(target, subset);
  const names = subset.map((e) => e.key).sort();
  assert.deepEqual(names, ['batch_norm_12.w_1', 'batch_norm_2.b_0', 'conv2d_5.w_0'], 'code-unit order, as Paddle sorts');
  const back = await indexCombinedParams(target, names);
  assert.equal(back.trailingBytes, 0);
  assert.deepEqual(back.warnings, []);
  for (const name of names) {
    const a = index.store.get(name)!;
    const b = back.store.get(name)!;
    assert.deepEqual([b.dtype, b.shape], [a.dtype, a.shape]);
    assert.ok(Buffer.from(await back.store.read(name)).equals(Buffer.from(await index.store.read(name))), name);
  }
});

ifFullCorpus(test)('the same tensor twice is refused rather than written twice', async (t) => {
  const program = await readProgramFile(sharedModel('paddle', 'simple_model', 'model.pdmodel'));
  const index = await indexCombinedParams(sharedModel('paddle', 'simple_model', 'model.pdiparams'), savedVarNames(program));
  const target = path.join(scratch(t), 'twice.pdiparams');
  await assert.rejects(writeCombinedParams(target, [index.store.entries[0], index.store.entries[0]]), /listed twice/);
});
