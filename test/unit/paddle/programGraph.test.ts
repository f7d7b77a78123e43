// The graph rules of the foundation issue, on a synthetic program that has every attribute kind,
// sub-blocks, in-place ops and feeds stored out of `col` order (test/fixtures/paddle).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildProgramGraph } from '../../../src/core/formats/paddle/programGraph';
import { decodeProgram, readProgramFile } from '../../../src/core/formats/paddle/programReader';
import { encodeProgram } from '../../../src/core/formats/paddle/programWriter';
import { openPaddleModel } from '../../../src/core/formats/paddle/openPaddle';
import type { ProgramDesc } from '../../../src/core/formats/paddle/programTypes';
import { float32Value } from '../../../src/core/formats/paddle/attributes';
import { repoRoot } from '../../support/paths';
import { sharedModel, ifFullCorpus } from '../../support/corpus';

const fixture = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'paddle', 'all_attr_kinds.program.json'), 'utf8')) as ProgramDesc;
const program = decodeProgram(encodeProgram(fixture), 'all_attr_kinds.pdmodel');
const summary = buildProgramGraph(program, { file: 'all_attr_kinds.pdmodel', hasWeight: (n) => n === 'w' });
const node = (id: string) => {
  const n = summary.graph.nodes.find((x) => x.id === id);
  assert.ok(n, `node ${id}`);
  return n;
};

test('int64 values survive encoding: exact ones as numbers, the rest as decimal text', () => {
  const attrs = program.blocks![0].ops![2].attrs!;
  assert.equal(attrs.find((a) => a.name === 'a_long')!.l, '9007199254740993');
  assert.deepEqual(attrs.find((a) => a.name === 'longs')!.longs, [5, '-9223372036854775808']);
  assert.deepEqual(program.blocks![0].vars![2].type.lod_tensor!.tensor.dims, [-1, 4]);
  assert.equal(program.version!.version, 2004001);
  assert.deepEqual(program.op_version_map, { pair: [{ op_name: 'every_attr', op_version: { version: 3 } }] });
});

test('every attribute kind becomes plain JSON', () => {
  assert.deepEqual(node('y').attributes, {
    an_int: -7,
    a_float: 0.1,
    a_string: 'NCHW',
    ints: [1, -1, 3],
    floats: [0.5, 0.00001],
    strings: ['a', 'b'],
    a_bool: true,
    bools: [true, false],
    a_long: '9007199254740993',
    longs: [5, '-9223372036854775808'],
    float64s: [0.1, 2.5],
    a_var: { var: 'x' },
    vars: { vars: ['x', 'y'] },
    a_float64: 0.1,
    a_scalar: 42,
    scalars: [true, 0.25, { real: 1, imag: -2 }],
    from_the_future: 3,
  });
  assert.deepEqual(node('y#2').attributes, { sub_block: { block: 1 }, is_scalar_condition: true });
  assert.deepEqual(node('recurrent_like#6').attributes, { sub_blocks: { blocks: [1, 2] } });
});

test('attribute and element types newer than the schema are kept and reported once each', () => {
  assert.deepEqual(
    summary.warnings.map((w) => w.code),
    ['paddle.unknown-attr-type', 'paddle.unknown-dtype'],
  );
  assert.match(summary.warnings[0].message, /from_the_future.*every_attr.*99/);
  assert.match(summary.warnings[1].message, /fp8_scale.*element type 32/);
  assert.equal(program.blocks![0].vars!.find((v) => v.name === 'fp8_scale')!.type.lod_tensor!.tensor.data_type, 32);
});

test('a block attribute pointing past the last block is reported', () => {
  const broken = decodeProgram(encodeProgram(fixture), 'broken.pdmodel');
  broken.blocks![0].ops!.find((op) => op.type === 'conditional_block')!.attrs![0].block_idx = 9;
  const result = buildProgramGraph(broken, { file: 'broken.pdmodel' });
  const refs = result.warnings.filter((w) => w.code === 'paddle.bad-block-ref');
  assert.equal(refs.length, 1);
  assert.match(refs[0].message, /sub_block of op conditional_block \(op 5\) refers to block 9, but the program has 3 blocks/);
});

test('float32 attributes show the decimal the user wrote', () => {
  assert.equal(float32Value(Math.fround(0.1)), 0.1);
  assert.equal(float32Value(Math.fround(1e-5)), 0.00001);
  assert.equal(float32Value(Math.fround(0.9)), 0.9);
  assert.equal(float32Value(Number.NaN), 'NaN');
  assert.equal(float32Value(-Infinity), '-Infinity');
});

test('node ids: first non-persistable output, else type#index over all blocks; collisions get #k', () => {
  assert.deepEqual(
    summary.graph.nodes.map((n) => [n.id, n.type, n.block]),
    [
      ['ids', 'feed', 0],
      ['x', 'feed', 0],
      ['y', 'every_attr', 0],
      ['y#1', 'sum', 0],
      ['cond', 'less_than', 0],
      ['y#2', 'conditional_block', 0],
      ['recurrent_like#6', 'recurrent_like', 0],
      ['fetch#7', 'fetch', 0],
      ['inner', 'scale', 1],
      ['increment#9', 'increment', 2],
    ],
  );
});

test('slots, weights and in-place versions', () => {
  assert.deepEqual(node('y#1').inputs, [
    { slot: 'X', tensor: 'y' },
    { slot: 'X[1]', tensor: 'x' },
  ]);
  assert.deepEqual(node('y#1').outputs, [{ slot: 'Out', tensor: 'y#1' }]);
  assert.deepEqual(node('y').weights, [{ slot: 'Y', name: 'w', key: 'w', shape: [4, 4], dtype: 'float32' }]);
  assert.deepEqual(node('cond').weights, [
    { slot: 'X', name: 'step', shape: [1], dtype: 'int64' },
    { slot: 'Y', name: 'step', shape: [1], dtype: 'int64' },
  ]);
  assert.deepEqual(node('cond').inputs, []);
  assert.equal(summary.graph.tensors['y#1'].producer, 'y#1');
  assert.deepEqual(summary.graph.tensors['y#2'].consumers, ['recurrent_like#6', 'fetch#7', 'inner']);
  assert.deepEqual([summary.graph.tensors['y#2'].shape, summary.graph.tensors['y#2'].dtype], [[-1, 4], 'float32']);
});

test('feed and fetch holders are plumbing: neither edges nor weights', () => {
  assert.deepEqual(node('x').inputs, []);
  assert.deepEqual(node('x').weights, []);
  assert.deepEqual(node('fetch#7').outputs, []);
  assert.equal(summary.graph.tensors['feed'], undefined);
  assert.equal(summary.graph.tensors['fetch'], undefined);
});

test('sub-block ops are grouped by their block path, outermost first', () => {
  assert.equal(node('y').group, undefined);
  assert.deepEqual(node('inner').group, ['block 1']);
  assert.deepEqual(node('increment#9').group, ['block 1', 'block 2']);
});

test('inputs and outputs follow the col attribute, not the stored op order', () => {
  assert.deepEqual(summary.inputs, [
    { name: 'x', shape: [-1, 4], dtype: 'float32' },
    { name: 'ids', shape: [-1, 1], dtype: 'int64' },
  ]);
  assert.deepEqual(summary.graph.inputs, ['x', 'ids']);
  assert.deepEqual(summary.outputs, [{ name: 'y', shape: [-1, 4], dtype: 'float32' }]);
  assert.deepEqual(summary.graph.outputs, ['y#2']);
  assert.deepEqual(summary.params, ['fp8_scale', 'step', 'w']);
});

test('an unnamed program file is opened by content, and named by its stem', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-paddle-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'exported.bin');
  writeFileSync(file, encodeProgram(fixture));
  const model = await openPaddleModel(file, {});
  assert.equal(model.format, 'pdmodel');
  assert.equal(model.name, 'exported');
  assert.equal(model.graph.nodes.length, 10);
  assert.equal(model.weights, undefined);
  assert.ok(model.warnings.some((w) => w.code === 'paddle.no-weights'));
});

ifFullCorpus(test)('op_callstack stays in the program, undecoded until read, and out of the graph', async () => {
  const file = sharedModel('paddle', 'simple_model', 'model.pdmodel');
  const program = await readProgramFile(file);
  const attr = program.blocks![0].ops![1].attrs!.find((a) => a.name === 'op_callstack')!;
  const descriptor = Object.getOwnPropertyDescriptor(attr, 'strings')!;
  assert.equal(typeof descriptor.get, 'function', 'strings are not decoded yet');
  assert.ok(attr.strings!.length > 0 && attr.strings!.every((s) => typeof s === 'string'));
  assert.match(attr.strings!.join('\n'), /File ".*\.py", line \d+/);
  assert.ok('value' in Object.getOwnPropertyDescriptor(attr, 'strings')!, 'decoded once, then plain data');
  // Written back byte for byte, decoded or not.
  assert.deepEqual(encodeProgram(program), new Uint8Array(readFileSync(file)));
  const graph = buildProgramGraph(await readProgramFile(file), { file }).graph;
  assert.ok(graph.nodes.every((n) => !('op_callstack' in n.attributes)));
  assert.ok(graph.nodes.some((n) => 'op_namescope' in n.attributes), 'other attributes stay');
});
