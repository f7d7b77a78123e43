// The model service keeps an opened model until the model file or one of its weight files
// changes, and reads an editor's unsaved text afresh every time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ModelService } from '../../src/core/modelService';
import { ifFullCorpus, sharedModel } from '../support/corpus';

function copyModel(t: { after: (fn: () => void) => void }): { prototxt: string; caffemodel: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'npu-service-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const prototxt = path.join(dir, 'det1.prototxt');
  const caffemodel = path.join(dir, 'det1.caffemodel');
  copyFileSync(sharedModel('caffe', 'mtcnn', 'det1.prototxt'), prototxt);
  copyFileSync(sharedModel('caffe', 'mtcnn', 'det1.caffemodel'), caffemodel);
  return { prototxt, caffemodel };
}

const later = (file: string, seconds: number) => utimesSync(file, new Date(), new Date(Date.now() + seconds * 1000));

ifFullCorpus(test)('an unchanged model is read once; a changed model file or weights file is read again', async (t) => {
  const { prototxt, caffemodel } = copyModel(t);
  const service = new ModelService();
  const first = await service.open(prototxt);
  assert.equal(await service.open(prototxt), first);
  assert.ok(Object.isFrozen(first), 'shared results are frozen');
  later(caffemodel, 5);
  const second = await service.open(prototxt);
  assert.notEqual(second, first);
  assert.equal(await service.open(prototxt), second);
  later(prototxt, 10);
  assert.notEqual(await service.open(prototxt), second);
  // Different options are different models.
  const bare = await service.open(prototxt, { noWeights: true });
  assert.equal(bare.weights, undefined);
});

ifFullCorpus(test)('unsaved text is read afresh each time, its weights index shared', async (t) => {
  const { prototxt } = copyModel(t);
  const service = new ModelService();
  const text = readFileSync(prototxt, 'utf8');
  const a = await service.open(prototxt, { text });
  const b = await service.open(prototxt, { text: text.replace(/name: "PNet"/, 'name: "Edited"') });
  assert.notEqual(a, b);
  assert.equal(b.name, 'Edited');
  assert.ok(a.source.format === 'caffe' && a.source.kind === 'prototxt' && b.source.format === 'caffe' && b.source.kind === 'prototxt');
  if (a.source.format === 'caffe' && a.source.kind === 'prototxt' && b.source.format === 'caffe' && b.source.kind === 'prototxt') {
    assert.ok(a.source.weights, 'the caffemodel beside the text is found');
    assert.equal(b.source.weights, a.source.weights, 'one index of the unchanged caffemodel serves both reads');
  }
});

ifFullCorpus(test)('a failed read is not kept: the next open tries again', async (t) => {
  const { prototxt } = copyModel(t);
  const service = new ModelService();
  const missing = path.join(path.dirname(prototxt), 'none.prototxt');
  await assert.rejects(service.open(missing));
  copyFileSync(prototxt, missing);
  assert.equal((await service.open(missing)).framework, 'caffe');
});
