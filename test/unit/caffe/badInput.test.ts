// Damaged Caffe files never hang and never throw anything but a ModelFormatError that names the
// file and a place in it. A quick seeded sweep; the big mutation suite lives in mutatedModels.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fsp, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ModelFormatError } from '../../../src/core/errors';
import { openCaffeModel } from '../../../src/core/formats/caffe/openCaffe';
import { corpus, sharedModel, ifFullCorpus } from '../../support/corpus';
import { seededRandom } from '../../support/random';

const samples = [
  'lenet_v1_2014/lenet_iter_10000.caffemodel',
  'cifar10_quick_2014/cifar10_quick_iter_5000.caffemodel',
  'lenet_mnist_deploy/lenet_iter_10000.caffemodel',
  'mtcnn/det1.caffemodel',
  'mtcnn/det3.caffemodel',
  'ultraface_rfb320/RFB-320.caffemodel',
  'ultraface_rfb320/RFB-320.prototxt',
  'mobilenet_ssd/MobileNetSSD_deploy.prototxt',
  'lenet_v1_2014/lenet_consolidated_solver.prototxt',
  'yolov3_caffe/yolov3-tiny.prototxt',
];

const CASES = 40;

async function expectOpenOrPlacedError(file: string, label: string): Promise<'opened' | 'rejected'> {
  try {
    await openCaffeModel(file, { noWeights: true });
    return 'opened';
  } catch (e) {
    assert.ok(e instanceof ModelFormatError, `${label}: threw ${(e as Error)?.stack ?? String(e)}`);
    assert.doesNotMatch(e.message, /\n/, label);
    assert.ok(e.message.startsWith(file), `${label}: ${e.message}`);
    assert.notEqual(e.place.kind, 'file', `${label}: no place in ${e.message}`);
    return 'rejected';
  }
}

ifFullCorpus(test)('truncated and bit-flipped Caffe files open or fail with a placed ModelFormatError', { timeout: 120_000 }, async (t) => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-caffe-bad-'));
  t.after(() => fsp.rm(dir, { recursive: true, force: true }));
  let rejected = 0;
  let total = 0;
  for (const [s, sample] of samples.entries()) {
    // Half the samples are in the full corpus only; the rest keep their seeds in every run.
    if (!corpus.has('caffe', sample)) continue;
    const original = readFileSync(corpus.path('caffe', sample));
    const file = path.join(dir, path.basename(sample));
    for (let k = 0; k < CASES; k++) {
      const rnd = seededRandom(s * 1000 + k);
      let bytes: Uint8Array;
      let what: string;
      if (k % 2 === 0) {
        const at = Math.floor(rnd() * original.length);
        bytes = original.subarray(0, at);
        what = `truncated at ${at}`;
      } else {
        bytes = Uint8Array.from(original);
        const at = Math.floor(rnd() * bytes.length);
        bytes[at] ^= 1 << Math.floor(rnd() * 8);
        what = `bit flipped at ${at}`;
      }
      await fsp.writeFile(file, bytes);
      if ((await expectOpenOrPlacedError(file, `${sample} ${what}`)) === 'rejected') rejected++;
      total++;
    }
  }
  t.diagnostic(`${rejected} of ${total} damaged files rejected`);
  // Half the cases cut a file short; almost every cut binary, and many cut texts, must be refused.
  assert.ok(rejected > total / 4, `only ${rejected} of ${total} rejected`);
});

ifFullCorpus(test)('a truncated caffemodel names the byte where the data runs out', async (t) => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-caffe-bad-'));
  t.after(() => fsp.rm(dir, { recursive: true, force: true }));
  const original = readFileSync(sharedModel('caffe', 'mtcnn', 'det1.caffemodel'));
  const file = path.join(dir, 'det1.caffemodel');
  await fsp.writeFile(file, original.subarray(0, original.length - 10));
  await assert.rejects(openCaffeModel(file, {}), (e: unknown) => {
    assert.ok(e instanceof ModelFormatError);
    assert.equal(e.place.kind, 'byte');
    assert.match(e.message, /det1\.caffemodel: byte \d+: .*runs past the end of the file/);
    return true;
  });
});

test('random bytes and a huge length prefix are refused quickly without allocating', async (t) => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-caffe-bad-'));
  t.after(() => fsp.rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'x.caffemodel');
  // Field 100 (layer) claiming 2^62 bytes.
  await fsp.writeFile(file, Uint8Array.from([0xa2, 0x06, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f, 1, 2, 3]));
  await assert.rejects(openCaffeModel(file, {}), /x\.caffemodel: byte 0: .*runs past the end of the file/);
  const rnd = seededRandom(7);
  for (let k = 0; k < 50; k++) {
    await fsp.writeFile(file, Uint8Array.from({ length: 1 + Math.floor(rnd() * 5000) }, () => Math.floor(rnd() * 256)));
    await expectOpenOrPlacedError(file, `random bytes #${k}`);
  }
});
