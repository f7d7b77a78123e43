// A Caffe net repeats a handful of shapes across its tensors; the graph keeps one frozen array per
// distinct shape, so a million-layer net does not hold a million copies, and a reader that tried
// to change one in place (changing every tensor that shares it) fails at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { openModel } from '../../../src/core/openModel';
import { SharedShapes } from '../../../src/core/graph/sharedShapes';
import { tempDir } from '../../support/tempDir';

test('equal shapes are one frozen array; different ones are not merged', () => {
  const shapes = new SharedShapes();
  const a = shapes.share([1, 64, 56, 56]);
  assert.equal(shapes.share([1, 64, 56, 56]), a);
  assert.notEqual(shapes.share([1, 64, 5, 656]), a, 'the key separates dimensions');
  assert.deepEqual(a, [1, 64, 56, 56]);
  assert.ok(Object.isFrozen(a));
  assert.throws(() => { (a as number[])[0] = 2; }, TypeError);
});

test('a Caffe net\'s tensors of one shape share it', async (t) => {
  const dir = tempDir(t);
  const relus = Array.from({ length: 4 }, (_, i) =>
    `layer { name: "r${i}" type: "ReLU" bottom: "${i === 0 ? 'data' : `r${i - 1}`}" top: "r${i}" }`).join('\n');
  const file = path.join(dir, 'chain.prototxt');
  writeFileSync(file, `name: "chain"\ninput: "data"\ninput_shape { dim: 1 dim: 8 dim: 4 dim: 4 }\n${relus}\n`);
  const { graph } = await openModel(file);
  const shapes = ['r0', 'r1', 'r2', 'r3'].map((id) => graph.tensors[id].shape);
  assert.deepEqual(shapes[0], [1, 8, 4, 4]);
  assert.ok(shapes.every((s) => s === shapes[0]), 'one array for the four tensors');
  assert.ok(Object.isFrozen(shapes[0]));
});

test('shapes whose dimensions hash alike stay apart, and the empty shape and NaN are shared too', () => {
  const shapes = new SharedShapes();
  // Many shapes of few values: collisions of a 32-bit hash are certain to be exercised somewhere.
  const seen = new Map<string, readonly number[]>();
  for (let a = -2; a < 40; a++) {
    for (let b = 0; b < 40; b++) {
      for (const dims of [[a, b], [b, a, 1], [a * 31 + b], [a, b * 65536]]) {
        const shared = shapes.share(dims);
        assert.deepEqual(shared, dims);
        const before = seen.get(dims.join(','));
        if (before) assert.equal(shared, before, dims.join(','));
        else seen.set(dims.join(','), shared);
      }
    }
  }
  assert.equal(shapes.share([]), shapes.share([]));
  assert.equal(shapes.share([NaN, 2]), shapes.share([NaN, 2]));
  assert.notEqual(shapes.share([1.5]), shapes.share([1]), 'the hash rounds; equality does not');
  const made = shapes.share([3, 3]);
  assert.equal(shapes.share(made), made, 'a shared array passed on is itself');
});
