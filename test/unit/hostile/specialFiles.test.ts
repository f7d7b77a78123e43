// Special files and references in crafted models: FIFOs and devices (often as symlinks in a
// cloned repository) are never opened, and a solver's `net:` is followed once, to a regular file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ModelFormatError } from '../../../src/core/errors';
import { openModel } from '../../../src/core/openModel';
import { sharedModel, ifFullCorpus } from '../../support/corpus';
import { tempDir } from '../../support/tempDir';


const mkfifo = (file: string) => assert.equal(spawnSync('mkfifo', [file]).status, 0, `mkfifo ${file}`);

ifFullCorpus(test)('a FIFO as the caffemodel beside a prototxt, or as the .pdiparams, is refused with one line', async (t) => {
  const dir = tempDir(t, 'npu-special-');
  const prototxt = path.join(dir, 'det1.prototxt');
  copyFileSync(sharedModel('caffe', 'mtcnn', 'det1.prototxt'), prototxt);
  mkfifo(path.join(dir, 'det1.caffemodel'));
  // A FIFO beside the prototxt is not taken for its weights: the net opens without them.
  const net = await openModel(prototxt);
  assert.equal(net.weights, undefined);
  // Named as the weights, it is refused.
  await assert.rejects(openModel(prototxt, { weights: path.join(dir, 'det1.caffemodel') }), (e: unknown) => e instanceof ModelFormatError && /cannot read the weights for det1.prototxt \(ENOTREG\)/.test(e.message));

  const pdmodel = path.join(dir, 'model.pdmodel');
  copyFileSync(sharedModel('paddle', 'simple_model', 'model.pdmodel'), pdmodel);
  mkfifo(path.join(dir, 'model.pdiparams'));
  await assert.rejects(openModel(pdmodel), (e: unknown) => e instanceof ModelFormatError && e.message.startsWith(path.join(dir, 'model.pdiparams')));
});

test('a solver naming itself, or a solver that names it back, is not followed round', async (t) => {
  const dir = tempDir(t, 'npu-special-');
  const self = path.join(dir, 'self_solver.prototxt');
  writeFileSync(self, 'net: "self_solver.prototxt"\nbase_lr: 0.01\n');
  const a = path.join(dir, 'a_solver.prototxt');
  writeFileSync(a, 'net: "b_solver.prototxt"\nbase_lr: 0.01\n');
  writeFileSync(path.join(dir, 'b_solver.prototxt'), 'net: "a_solver.prototxt"\nbase_lr: 0.01\n');
  for (const file of [self, a]) {
    const model = await openModel(file);
    assert.equal(model.format, 'solver');
    assert.equal(model.graph.nodes.length, 0);
    assert.deepEqual(model.warnings.map((w) => w.code), ['caffe.solver-net-missing']);
  }
});

test('a solver whose net is a device, a FIFO or a link to one reads nothing from it', async (t) => {
  const dir = tempDir(t, 'npu-special-');
  symlinkSync('/dev/zero', path.join(dir, 'zero.prototxt'));
  mkfifo(path.join(dir, 'fifo.prototxt'));
  for (const target of ['zero.prototxt', 'fifo.prototxt', '/dev/stdin']) {
    const solver = path.join(dir, 'solver.prototxt');
    writeFileSync(solver, `net: "${target}"\nbase_lr: 0.01\n`);
    const model = await openModel(solver);
    assert.deepEqual(model.warnings.map((w) => w.code), ['caffe.solver-net-missing'], target);
  }
});
