// A synthetic ResNet from ../shared/tools/gen-caffe-net.mjs with its caffemodel: the whole net cut
// gives the generator's weighted layer records back byte for byte, and a cut through a residual
// block with a projection shortcut is self-contained with the original's shapes and weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cutModel } from '../../../src/core/cut/cutModel';
import type { CutResult } from '../../../src/core/cut/cutResult';
import { indexCaffemodel } from '../../../src/core/formats/caffe/caffemodelIndex';
import type { RangeRefusal } from '../../../src/core/graph/rangeSelection';
import { openModel } from '../../../src/core/openModel';
import { assertBoundary, assertSameNodesAndShapes, assertSelfContained } from '../../support/cutChecks';
import { ifSharedTools, sharedTools } from '../../support/paths';
import { tempDir } from '../../support/tempDir';

function done(result: CutResult | RangeRefusal): CutResult {
  if ('refused' in result) assert.fail(`refused: ${result.message}`);
  return result;
}

ifSharedTools(test)('a synthetic 8-block ResNet with weights: whole, and through a block with a projection shortcut', async (t) => {
  const dir = tempDir(t, 'npu-cut-synth-');
  const prototxt = path.join(dir, 'synth.prototxt');
  const caffemodel = path.join(dir, 'synth.caffemodel');
  execFileSync(process.execPath, [path.join(sharedTools, 'gen-caffe-net.mjs'), '--blocks', '8', '--width', '16', '--out', prototxt, '--weights', caffemodel], { stdio: 'pipe' });
  const original = await openModel(prototxt);
  assert.ok(original.weights);
  const ids = original.graph.nodes.map((n) => n.id);

  const whole = done(await cutModel(original, [ids[0]], [ids[ids.length - 1]], path.join(dir, 'whole')));
  assert.deepEqual(whole.nodes, ids);
  const index = await indexCaffemodel(caffemodel);
  const bytes = readFileSync(caffemodel);
  const weighted = index.records.filter((r) => r.layer !== undefined && index.layers[r.layer].blobs.length > 0).map((r) => bytes.subarray(r.start, r.end));
  assert.ok(readFileSync(path.join(whole.folder, 'dump.caffemodel')).equals(Buffer.concat(weighted)));

  // The middle third, from the first node after a third to the furthest end before two thirds it reaches.
  const from = ids[Math.floor(ids.length / 3)];
  let middle: CutResult | undefined;
  for (let k = Math.floor((2 * ids.length) / 3); k > ids.indexOf(from) && !middle; k--) {
    const r = await cutModel(original, [from], [ids[k]], path.join(dir, 'middle'));
    if (!('refused' in r)) middle = r;
  }
  assert.ok(middle);
  const cut = await openModel(path.join(middle.folder, 'dump.prototxt'), { weights: path.join(middle.folder, 'dump.caffemodel') });
  assertSelfContained(cut.graph);
  assertSameNodesAndShapes(original.graph, cut, middle, middle.added.map((a) => a.declaredBy));
  assertBoundary(cut, middle);
  let blobs = 0;
  for (const id of middle.nodes) {
    const before = original.graph.nodes.find((n) => n.id === id)!;
    const after = cut.graph.nodes.find((n) => n.id === id)!;
    for (let i = 0; i < before.weights.length; i++, blobs++) assert.deepEqual(await cut.weights!.read(after.weights[i].key!), await original.weights!.read(before.weights[i].key!));
  }
  assert.ok(blobs > 10, `${blobs} blobs compared`);
});
