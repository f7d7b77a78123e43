// The Paddle sub-model export on real bytes: dump.pdmodel reads back (and decodes with
// framework.proto) with feeds and fetches exactly the crossing tensors and only the vars its ops
// use; dump.pdiparams holds exactly the persistables those ops use, in Paddle's sorted-name order,
// each record byte for byte the original's (combined or one-file-per-var weights alike); the whole
// program cut gives the same bytes back.
import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cutModel } from '../../../src/core/cut/cutModel';
import type { CutResult } from '../../../src/core/cut/cutResult';
import type { RangeRefusal } from '../../../src/core/graph/rangeSelection';
import type { PaddleWeightStore } from '../../../src/core/formats/paddle/weightStore';
import { compareNames } from '../../../src/core/formats/paddle/persistables';
import { openModel } from '../../../src/core/openModel';
import type { OpenedModel } from '../../../src/core/model';
import { writePaddleSample } from '../../../src/core/samples/paddleSample';
import { ifFullCorpus, sharedModel } from '../../support/corpus';
import { assertSelfContained } from '../../support/cutChecks';
import { tempDir } from '../../support/tempDir';

const AT = new Date(2026, 11, 2, 10, 0, 0);

function done(result: CutResult | RangeRefusal): CutResult {
  if ('refused' in result) assert.fail(`refused: ${result.message}`);
  return result;
}

/** A tensor's whole serialized record (header, LoD, desc, data) as the file holds it. */
function recordBytes(store: PaddleWeightStore, name: string): Buffer {
  const entry = store.get(name)!;
  return readFileSync(entry.file).subarray(entry.recordOffset, entry.offset + entry.byteLength);
}

/** The parameters the kept nodes draw as weights: what dump.pdiparams must hold, no more. */
function usedParams(original: OpenedModel, result: CutResult): string[] {
  const kept = new Set(result.nodes);
  const names = new Set(original.graph.nodes.filter((n) => kept.has(n.id)).flatMap((n) => n.weights.filter((w) => w.key !== undefined).map((w) => w.name)));
  return [...names].sort(compareNames);
}

async function assertPaddleCut(original: OpenedModel, result: CutResult): Promise<OpenedModel> {
  assert.deepEqual(result.files, ['dump.pdmodel', 'dump.pdiparams', 'dump.log']);
  const cut = await openModel(path.join(result.folder, 'dump.pdmodel'));
  assert.deepEqual(cut.warnings.map((w) => w.message), []);
  // Feeds and fetches are exactly the tensors crossing the cut.
  assert.deepEqual(cut.inputs.map((i) => i.name), result.inputs.map((i) => i.name));
  assert.deepEqual(cut.outputs.map((o) => o.name), result.outputs.map((o) => o.name));
  assert.deepEqual(cut.inputs.map((i) => i.shape), result.inputs.map((i) => i.shape));
  assertSelfContained(cut.graph);
  const kept = cut.graph.nodes.filter((n) => n.type !== 'feed' && n.type !== 'fetch').map((n) => n.id);
  assert.deepEqual(kept, result.nodes.filter((id) => !['feed', 'fetch'].includes(original.graph.nodes.find((n) => n.id === id)!.type)));
  // Only the vars the ops use.
  const vars = cut.source.format === 'paddle' ? (cut.source.program.blocks![0].vars ?? []).map((v) => v.name) : [];
  const named = new Set(cut.source.format === 'paddle' ? (cut.source.program.blocks![0].ops ?? []).flatMap((op) => [...(op.inputs ?? []), ...(op.outputs ?? [])].flatMap((s) => s.arguments ?? [])) : []);
  assert.deepEqual(vars.filter((v) => !named.has(v)), []);
  // Exactly the needed tensors, sorted, each record the original's bytes.
  const params = usedParams(original, result);
  const store = cut.weights as PaddleWeightStore;
  assert.deepEqual(store.entries.map((e) => e.key), params);
  const expected = Buffer.concat(params.map((p) => recordBytes(original.weights as PaddleWeightStore, p)));
  assert.ok(readFileSync(path.join(result.folder, 'dump.pdiparams')).equals(expected), 'dump.pdiparams is the original records back to back');
  return cut;
}

test('the Paddle sample cut from its conv to its relu: fed x, fetching the relu, holding the conv and batch-norm tensors', async (t) => {
  const dir = tempDir(t, 'npu-cut-paddle-');
  const { model } = await writePaddleSample(dir);
  const original = await openModel(model);
  const result = done(await cutModel(original, ['conv2d_0.tmp_0'], ['relu_0.tmp_0'], path.join(dir, 'out'), { at: AT }));
  assert.equal(path.basename(result.folder), 'dump_result_2026_12_02_10_00_00');
  assert.deepEqual(result.nodes, ['conv2d_0.tmp_0', 'batch_norm_0.tmp_2', 'relu_0.tmp_0']);
  assert.deepEqual(result.inputs, [{ name: 'x', shape: [-1, 3, 32, 32], dtype: 'float32' }]);
  assert.deepEqual(result.outputs, [{ name: 'relu_0.tmp_0', shape: [-1, 8, 32, 32], dtype: 'float32' }]);
  const cut = await assertPaddleCut(original, result);
  assert.deepEqual(cut.params, ['bn1_mean', 'bn1_offset', 'bn1_scale', 'bn1_variance', 'conv1_weights']);
  const log = readFileSync(path.join(result.folder, 'dump.log'), 'utf8');
  assert.match(log, /^Add Layer Into Prototxt: feed \(top: x, shape: -1,3,32,32, dtype: float32\)\n/);
  assert.match(log, /\nExport Layer: conv2d_0\.tmp_0, batch_norm_0\.tmp_2, relu_0\.tmp_0\n/);
});

test('the Paddle sample cut in its middle (after the pool): fed the pool, no conv or batch-norm tensors', async (t) => {
  const dir = tempDir(t, 'npu-cut-paddle-');
  const { model } = await writePaddleSample(dir);
  const original = await openModel(model);
  const result = done(await cutModel(original, ['flatten_0.tmp_0'], ['fc_0.tmp_1'], path.join(dir, 'out'), { at: AT }));
  assert.deepEqual(result.inputs.map((i) => i.name), ['pool2d_0.tmp_0']);
  const cut = await assertPaddleCut(original, result);
  assert.deepEqual(cut.params, ['fc_bias', 'fc_weights']);
});

test('the whole Paddle sample cut, feed to fetch, gives the program and the weights back byte for byte', async (t) => {
  const dir = tempDir(t, 'npu-cut-paddle-');
  const { model, params } = await writePaddleSample(dir);
  const original = await openModel(model);
  const fetch = original.graph.nodes.find((n) => n.type === 'fetch')!.id;
  const result = done(await cutModel(original, ['x'], [fetch], path.join(dir, 'out'), { at: AT }));
  assert.deepEqual(result.added, []);
  assert.ok(readFileSync(path.join(result.folder, 'dump.pdmodel')).equals(readFileSync(model)));
  assert.ok(readFileSync(path.join(result.folder, 'dump.pdiparams')).equals(readFileSync(params)));
});

describe('Paddle cuts of the collection’s models', () => {
  for (const [label, file] of [
    ['ppocrv3_det (combined .pdiparams)', sharedModel('paddle', 'ppocrv3_det', 'model.pdmodel')],
    ['ocr_det_db_fluid (one file per var)', sharedModel('paddle', 'ocr_det_db_fluid', '__model__')],
  ] as const) {
    ifFullCorpus(it)(`${label}: the middle third: feeds and fetches are the crossing tensors, the weights exactly the needed ones`, async (t) => {
      const original = await openModel(file);
      assert.ok(original.weights);
      const ids = original.graph.nodes.map((n) => n.id);
      const from = ids[Math.floor(ids.length / 3)];
      let result: CutResult | undefined;
      for (let k = Math.floor((2 * ids.length) / 3); k > ids.indexOf(from) && !result; k--) {
        const r = await cutModel(original, [from], [ids[k]], tempDir(t, 'npu-cut-paddle-'));
        if (!('refused' in r)) result = r;
      }
      assert.ok(result, 'some end in the middle third is reached');
      assert.ok(result.nodes.length > ids.length / 10, `${result.nodes.length} nodes`);
      const cut = await assertPaddleCut(original, result);
      assert.ok(cut.params.length > 0 && cut.params.length < original.params.length);
      for (const name of cut.params.slice(0, 5)) assert.deepEqual(await cut.weights!.read(name), await original.weights!.read(name));
    });

    ifFullCorpus(it)(`${label}: the whole program cut, feed to fetch, has the same ops and the same weight records`, async (t) => {
      const original = await openModel(file);
      const of = (type: string) => original.graph.nodes.filter((n) => n.type === type).map((n) => n.id);
      const result = done(await cutModel(original, of('feed'), of('fetch'), tempDir(t, 'npu-cut-paddle-')));
      assert.deepEqual(result.added, []);
      const cut = await assertPaddleCut(original, result);
      const opsOf = (m: OpenedModel) => (m.source.format === 'paddle' ? m.source.program.blocks![0].ops : undefined);
      assert.deepEqual(opsOf(cut), opsOf(original));
      assert.deepEqual(cut.params, original.params);
    });
  }

  ifFullCorpus(it)('a program with sub-blocks: the blocks a kept op runs stay whole, the others are emptied in place', async (t) => {
    const original = await openModel(sharedModel('paddle', 'training_program_control_flow'));
    const blocksOf = (m: OpenedModel) => (m.source.format === 'paddle' ? m.source.program.blocks! : []);
    assert.deepEqual(blocksOf(original).map((b) => b.ops?.length ?? 0), [841, 1, 1, 1, 1, 1]);
    // The conditional_block running block 1, alone.
    const result = done(await cutModel(original, ['_generated_var_0'], ['_generated_var_0'], tempDir(t, 'npu-cut-paddle-')));
    const cut = await openModel(path.join(result.folder, 'dump.pdmodel'));
    const blocks = blocksOf(cut);
    // Its two inputs fed; its outputs are read by nothing outside, so nothing is fetched.
    assert.deepEqual(result.inputs.length, 2);
    assert.deepEqual(blocks.map((b) => [b.idx, b.ops?.length ?? 0]), [[0, 3], [1, 1], [2, 0], [3, 0], [4, 0], [5, 0]]);
    assert.deepEqual(blocks[1], blocksOf(original)[1]);
    assert.deepEqual(cut.graph.nodes.map((n) => `${n.block}:${n.type}`), ['0:feed', '0:feed', '0:conditional_block', `1:${blocksOf(original)[1].ops![0].type}`]);
    assertSelfContained({ ...cut.graph, nodes: cut.graph.nodes.filter((n) => n.block === 0) });
  });
});
