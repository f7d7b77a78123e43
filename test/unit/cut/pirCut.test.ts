// The PIR sub-program export: dump.json reads back with our reader without warnings, its ids
// consistent (every value defined once, before any use), fed by pd_op.data ops for the entering
// values and fetching the delivered ones; dump.pdiparams holds exactly the parameters the kept ops
// read, in code-point order, each record byte for byte the original's. On programs the tests
// write, and on the text-line orientation model of the collection.
import { it, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cutModel } from '../../../src/core/cut/cutModel';
import type { CutResult } from '../../../src/core/cut/cutResult';
import type { RangeRefusal } from '../../../src/core/graph/rangeSelection';
import type { PaddleWeightStore } from '../../../src/core/formats/paddle/weightStore';
import { compareCodePoints } from '../../../src/core/formats/paddle/pirParams';
import type { PirProgram } from '../../../src/core/formats/paddle/pirProgram';
import { writePirModel } from '../../../src/core/formats/paddle/pirWriter';
import { openModel } from '../../../src/core/openModel';
import type { OpenedModel } from '../../../src/core/model';
import { ifFullCorpus, sharedModel } from '../../support/corpus';
import { assertSelfContained } from '../../support/cutChecks';
import { controlFlowPirProgram, smallPirModel } from '../../support/pirModels';
import { tempDir } from '../../support/tempDir';

const AT = new Date(2026, 11, 2, 10, 0, 0);

function done(result: CutResult | RangeRefusal): CutResult {
  if ('refused' in result) assert.fail(`refused: ${result.message}`);
  return result;
}

function pirOf(model: OpenedModel): PirProgram {
  assert.equal(model.source.format, 'paddle-pir');
  return (model.source as { program: PirProgram }).program;
}

/**
 * Every value id defined once; every operand defined earlier (an op's results before its regions'
 * ops, block arguments when their block starts) in the op's own block or one enclosing it.
 */
function assertIdsConsistent(program: PirProgram): void {
  const definedIn = new Map<number, number>();
  const define = (id: number, block: number) => {
    assert.ok(!definedIn.has(id), `value %${id} is defined twice`);
    definedIn.set(id, block);
  };
  const enclosing = (block: number): Set<number> => {
    const blocks = new Set<number>();
    for (let b: number | undefined = block; b !== undefined; b = program.blocks[b].owner?.block) blocks.add(b);
    return blocks;
  };
  const startedBlocks = new Set<number>();
  for (const op of program.ops) {
    if (op.block !== 0 && !startedBlocks.has(op.block)) {
      startedBlocks.add(op.block);
      for (const arg of program.blocks[op.block].args) define(arg.id, op.block);
    }
    const visible = enclosing(op.block);
    for (const id of op.operands) {
      if (id === 0) continue;
      assert.ok(definedIn.has(id), `${op.name} (op ${op.index} of block ${op.block}) reads %${id} before it is defined`);
      assert.ok(visible.has(definedIn.get(id)!), `${op.name} (op ${op.index} of block ${op.block}) reads %${id} of block ${definedIn.get(id)}, which does not enclose it`);
    }
    for (const r of op.results) define(r.id, op.block);
  }
}

/** The parameters the kept nodes read (their weights with bytes): what dump.pdiparams must hold, no more. */
function usedParams(original: OpenedModel, result: CutResult): string[] {
  const kept = new Set(result.nodes);
  const names = new Set(original.graph.nodes.filter((n) => kept.has(n.id)).flatMap((n) => n.weights.filter((w) => w.key !== undefined).map((w) => w.name)));
  return [...names].sort(compareCodePoints);
}

function recordBytes(store: PaddleWeightStore, name: string): Buffer {
  const entry = store.get(name)!;
  return readFileSync(entry.file).subarray(entry.recordOffset, entry.offset + entry.byteLength);
}

async function assertPirCut(original: OpenedModel, result: CutResult): Promise<OpenedModel> {
  assert.equal(result.files[0], 'dump.json');
  const cut = await openModel(path.join(result.folder, 'dump.json'));
  assert.deepEqual(cut.warnings.map((w) => w.message), []);
  assertIdsConsistent(pirOf(cut));
  // Block arguments have no producing node; the id check above covers them.
  if (pirOf(cut).blocks.every((b) => b.args.length === 0)) assertSelfContained(cut.graph);
  // The data ops are the added inputs, then the kept ones; the fetch ops the cut's outputs.
  const keptData = original.inputs.filter((i) => result.nodes.includes(i.name)).map((i) => i.name);
  assert.deepEqual(cut.inputs.map((i) => i.name), [...result.added.map((a) => a.tensor.name), ...keptData]);
  // (A kept fetch op delivers its value under its own name: the whole-program test checks those.)
  const keptFetch = original.graph.nodes.some((n) => n.type === 'pd_op.fetch' && result.nodes.includes(n.id));
  if (!keptFetch) assert.deepEqual(cut.outputs.map((o) => o.name), result.outputs.map((o) => o.name));
  const params = usedParams(original, result);
  assert.deepEqual(cut.params, params);
  if (params.length > 0) {
    assert.deepEqual(result.files, ['dump.json', 'dump.pdiparams', 'dump.log']);
    const store = cut.weights as PaddleWeightStore;
    assert.deepEqual(store.entries.map((e) => e.key), params);
    const expected = Buffer.concat(params.map((p) => recordBytes(original.weights as PaddleWeightStore, p)));
    assert.ok(readFileSync(path.join(result.folder, 'dump.pdiparams')).equals(expected), 'dump.pdiparams is the original records back to back');
  } else {
    assert.deepEqual(result.files, ['dump.json', 'dump.log']);
  }
  return cut;
}

const typed = (m: OpenedModel, type: string) => m.graph.nodes.filter((n) => n.type === type).map((n) => n.id);

test('a written PIR program cut from its add to its relu: fed the conv output, holding only the bias', async (t) => {
  const dir = tempDir(t, 'npu-cut-pir-');
  const { builder, tensors } = smallPirModel();
  await writePirModel(path.join(dir, 'inference'), builder, tensors);
  const original = await openModel(path.join(dir, 'inference.json'));
  const result = done(await cutModel(original, typed(original, 'pd_op.add'), typed(original, 'pd_op.leaky_relu'), path.join(dir, 'out'), { at: AT }));
  assert.equal(path.basename(result.folder), 'dump_result_2026_12_02_10_00_00');
  assert.deepEqual(result.added.map((a) => [a.declaredBy, a.tensor.shape, a.tensor.dtype]), [['pd_op.data', [-1, 2, 4, 4], 'float32']]);
  const cut = await assertPirCut(original, result);
  assert.deepEqual(cut.params, ['conv2d_0.b_0']);
  assert.deepEqual(cut.graph.nodes.map((n) => n.type), ['builtin.parameter', 'pd_op.data', 'pd_op.add', 'pd_op.leaky_relu', 'pd_op.fetch']);
  const slope = (m: OpenedModel) => m.graph.nodes.find((n) => n.type === 'pd_op.leaky_relu')!.attributes.negative_slope;
  assert.equal(slope(cut), slope(original));
});

test('a written PIR program cut from data to fetch keeps both parameters, written in code-point order', async (t) => {
  const dir = tempDir(t, 'npu-cut-pir-');
  const { builder, tensors } = smallPirModel();
  await writePirModel(path.join(dir, 'inference'), builder, tensors);
  const original = await openModel(path.join(dir, 'inference.json'));
  const result = done(await cutModel(original, typed(original, 'pd_op.data'), typed(original, 'pd_op.fetch'), path.join(dir, 'out'), { at: AT }));
  assert.deepEqual(result.added, []);
  const cut = await assertPirCut(original, result);
  assert.deepEqual(cut.params, ['conv2d_0.b_0', 'conv2d_0.w_0']);
  assert.ok(readFileSync(path.join(result.folder, 'dump.pdiparams')).equals(readFileSync(path.join(dir, 'inference.pdiparams'))));
  assert.deepEqual(cut.inputs, original.inputs);
  assert.deepEqual(cut.outputs, original.outputs);
});

test('a cut through control flow: values a nested block reads from the top block become data ops too', async (t) => {
  const dir = tempDir(t, 'npu-cut-pir-');
  await writePirModel(path.join(dir, 'inference'), controlFlowPirProgram());
  const original = await openModel(path.join(dir, 'inference.json'));
  const result = done(await cutModel(original, typed(original, 'pd_op.if'), typed(original, 'pd_op.while'), path.join(dir, 'out'), { at: AT }));
  // The if reads the comparison; its branches read a and b, the while's body b.
  assert.deepEqual(result.added.map((a) => a.tensor.name).slice(1).sort(), ['a', 'b']);
  const cut = await assertPirCut(original, result);
  const ops = pirOf(cut).ops.map((op) => op.name);
  assert.deepEqual(ops.filter((n) => n === 'pd_op.data').length, 3);
  assert.ok(ops.includes('pd_op.increment_') && ops.includes('pd_op.scale'), ops.join(', '));
});

ifFullCorpus(it)('the text-line orientation model cut in the middle: parameters exactly the needed ones, bytes identical', async (t) => {
  const original = await openModel(sharedModel('paddle-pir', 'pplcnet_x0_25_textline_ori', 'inference.json'));
  assert.ok(original.weights);
  const ids = original.graph.nodes.filter((n) => n.type !== 'builtin.parameter').map((n) => n.id);
  const from = ids[Math.floor(ids.length / 3)];
  let result: CutResult | undefined;
  for (let k = Math.floor((2 * ids.length) / 3); k > ids.indexOf(from) && !result; k--) {
    const r = await cutModel(original, [from], [ids[k]], tempDir(t, 'npu-cut-pir-'));
    if (!('refused' in r)) result = r;
  }
  assert.ok(result, 'some end in the middle third is reached');
  assert.ok(result.nodes.length > ids.length / 10, `${result.nodes.length} nodes`);
  const cut = await assertPirCut(original, result);
  assert.ok(cut.params.length > 0 && cut.params.length < original.params.length, `${cut.params.length} of ${original.params.length}`);
  for (const name of cut.params.slice(0, 5)) assert.deepEqual(await cut.weights!.read(name), await original.weights!.read(name));
});
