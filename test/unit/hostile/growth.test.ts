// Crafted files whose cost used to grow faster than their size: each now opens with the right
// figures (the hostile-input issue measured minutes and gigabytes for these; `npm run bench`
// prints the times, tests do not assert them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { openModel } from '../../../src/core/openModel';
import { MAX_GROUP_DEPTH, MAX_PADDLE_RANK } from '../../../src/core/formats/paddle/programGraph';
import { MAX_CAFFE_AXES } from '../../../src/core/formats/caffe/shapeRules';
import { toCompactGraph } from '../../../src/core/graph/compactGraph';
import { manyLayersCaffemodel, nestedBlocksProgram, sameNamePrototxt, wideInputPrototxt, wideWeightProgram } from '../../support/hostileModels';

const dir = mkdtempSync(path.join(tmpdir(), 'npu-growth-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('9,000 nested Paddle blocks: every op a node, groups folded past the nesting limit', async () => {
  const file = path.join(dir, 'nested.pdmodel');
  nestedBlocksProgram(file, 9000);
  const model = await openModel(file);
  assert.equal(model.graph.nodes.length, 9000);
  const deepest = model.graph.nodes.at(-1)!.group!;
  assert.equal(deepest.length, MAX_GROUP_DEPTH);
  assert.deepEqual(model.graph.nodes[3].group, ['block 1', 'block 2', 'block 3']);
  assert.equal(toCompactGraph(model.graph).groupCount, MAX_GROUP_DEPTH);
});

test('a 200,000-dim Paddle weight read by 1,000 ops: shape unknown, one warning', async () => {
  const file = path.join(dir, 'wide.pdmodel');
  wideWeightProgram(file, 200_000, 1000);
  const model = await openModel(file);
  assert.equal(model.graph.nodes.length, 1000);
  assert.ok(model.graph.nodes.every((n) => n.weights[0].shape === undefined));
  const rank = model.warnings.filter((w) => w.code === 'paddle.rank');
  assert.equal(rank.length, 1);
  assert.match(rank[0].message, new RegExp(`var w declares 200000 dimensions; Paddle allows at most ${MAX_PADDLE_RANK}`));
});

test('a 200,000-axis Caffe input through 4,000 layers: shape unknown, one warning', async () => {
  const file = path.join(dir, 'wide.prototxt');
  wideInputPrototxt(file, 200_000, 4000);
  const model = await openModel(file);
  assert.equal(model.graph.nodes.length, 4000);
  assert.equal(model.inputs[0].shape, null);
  assert.ok(Object.values(model.graph.tensors).every((t) => t.shape === undefined));
  assert.deepEqual(model.warnings.map((w) => w.message), [`input 'x0' declares 200000 axes; Caffe allows at most ${MAX_CAFFE_AXES}, so its shape is left unknown`]);
});

test('10,000 layers of one name get ids name, name#1 … name#9999', async () => {
  const file = path.join(dir, 'same.prototxt');
  sameNamePrototxt(file, 10_000);
  const { graph } = await openModel(file);
  assert.equal(graph.nodes.length, 10_000);
  assert.equal(graph.nodes.at(-1)!.id, 'same#9999');
  assert.equal(new Set(graph.nodes.map((n) => n.id)).size, 10_000);
});

test('100,000 unnamed layers in a caffemodel: unique ids and blob keys', async () => {
  const file = path.join(dir, 'unnamed.caffemodel');
  manyLayersCaffemodel(file, 100_000, 'unnamed');
  const { graph } = await openModel(file);
  assert.equal(graph.nodes.length, 100_000);
  assert.equal(graph.nodes.at(-1)!.id, '#99999');
});

test('50,000 layers with a blob each: every layer carries its weights', async () => {
  const file = path.join(dir, 'blobs.caffemodel');
  manyLayersCaffemodel(file, 50_000, 'with-blob');
  const model = await openModel(file);
  assert.equal(model.params.length, 50_000);
  assert.equal(model.weights?.entries.length, 50_000);
  assert.deepEqual(model.graph.nodes[49_999].weights.map((w) => w.shape), [[4]]);
});
