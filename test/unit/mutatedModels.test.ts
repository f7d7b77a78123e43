// Bad input never crashes a reader: truncated, bit-flipped, overwritten and random versions of the
// real sample models either still open or fail with the one-line ModelFormatError that names the
// file and the place. Anything else (another exception, a hang) fails with the case's seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ModelFormatError } from '../../src/core/errors';
import { openModel } from '../../src/core/openModel';
import { corpus, ifFullCorpus } from '../support/corpus';
import { seededRandom } from '../support/random';

interface Sample {
  /** Files copied into the case folder (the model and its companions), relative to the corpus root. */
  files: string[];
  /** Which of them is opened. */
  open: string;
  /** Which of them is mutated. */
  mutate: string;
  text?: boolean;
}

const samples: Sample[] = [
  { files: ['paddle/simple_model/model.pdmodel', 'paddle/simple_model/model.pdiparams'], open: 'model.pdmodel', mutate: 'model.pdmodel' },
  { files: ['paddle/simple_model/model.pdmodel', 'paddle/simple_model/model.pdiparams'], open: 'model.pdmodel', mutate: 'model.pdiparams' },
  { files: ['paddle/uci_housing_fit_a_line/__model__', 'paddle/uci_housing_fit_a_line/fc_0.w_0', 'paddle/uci_housing_fit_a_line/fc_0.b_0'], open: '__model__', mutate: '__model__' },
  { files: ['paddle/uci_housing_fit_a_line/__model__', 'paddle/uci_housing_fit_a_line/fc_0.w_0', 'paddle/uci_housing_fit_a_line/fc_0.b_0'], open: '__model__', mutate: 'fc_0.w_0' },
  { files: ['paddle/fill_constant_autoscan/model', 'paddle/fill_constant_autoscan/params'], open: 'model', mutate: 'model' },
  { files: ['paddle/custom_gap/custom_gap.pdmodel', 'paddle/custom_gap/custom_gap.pdiparams'], open: 'custom_gap.pdmodel', mutate: 'custom_gap.pdiparams' },
  { files: ['paddle/lac_graph_only/__model__'], open: '__model__', mutate: '__model__' },
  { files: ['paddle/ppocrv3_det/model.pdmodel'], open: 'model.pdmodel', mutate: 'model.pdmodel' },
  { files: ['caffe/lenet_bvlc/lenet.prototxt'], open: 'lenet.prototxt', mutate: 'lenet.prototxt', text: true },
  { files: ['caffe/bvlc_googlenet/deploy.prototxt'], open: 'deploy.prototxt', mutate: 'deploy.prototxt', text: true },
  { files: ['caffe/mobilenet_ssd/MobileNetSSD_deploy.prototxt'], open: 'MobileNetSSD_deploy.prototxt', mutate: 'MobileNetSSD_deploy.prototxt', text: true },
  { files: ['caffe/vgg16_v1format/vgg16.prototxt'], open: 'vgg16.prototxt', mutate: 'vgg16.prototxt', text: true },
  { files: ['caffe/lenet_v1_2014/lenet_consolidated_solver.prototxt'], open: 'lenet_consolidated_solver.prototxt', mutate: 'lenet_consolidated_solver.prototxt', text: true },
  { files: ['caffe/mtcnn/det1.prototxt', 'caffe/mtcnn/det1.caffemodel'], open: 'det1.prototxt', mutate: 'det1.prototxt', text: true },
  { files: ['caffe/mtcnn/det1.prototxt', 'caffe/mtcnn/det1.caffemodel'], open: 'det1.prototxt', mutate: 'det1.caffemodel' },
  { files: ['caffe/mtcnn/det2.caffemodel'], open: 'det2.caffemodel', mutate: 'det2.caffemodel' },
  { files: ['caffe/cifar10_quick_2014/cifar10_quick_iter_5000.caffemodel'], open: 'cifar10_quick_iter_5000.caffemodel', mutate: 'cifar10_quick_iter_5000.caffemodel' },
  { files: ['caffe/ultraface_rfb320/RFB-320.caffemodel'], open: 'RFB-320.caffemodel', mutate: 'RFB-320.caffemodel' },
  // Paddle 3 PIR programs (JSON text) and the weights paired with their sorted parameter names.
  { files: ['paddle-pir/pplcnet_x0_25_textline_ori/inference.json', 'paddle-pir/pplcnet_x0_25_textline_ori/inference.pdiparams'], open: 'inference.json', mutate: 'inference.json', text: true },
  { files: ['paddle-pir/pplcnet_x0_25_textline_ori/inference.json', 'paddle-pir/pplcnet_x0_25_textline_ori/inference.pdiparams'], open: 'inference.json', mutate: 'inference.pdiparams' },
  { files: ['paddle-pir/p2o_ifelse/model.json'], open: 'model.json', mutate: 'model.json', text: true },
];

type Mutation = { name: string; apply: (bytes: Uint8Array, rnd: () => number) => Uint8Array };

const pick = (rnd: () => number, n: number) => Math.floor(rnd() * n);

const binaryMutations: Mutation[] = [
  { name: 'truncate', apply: (b, r) => b.subarray(0, pick(r, b.length)) },
  {
    name: 'flip a bit',
    apply: (b, r) => {
      const c = Uint8Array.from(b);
      c[pick(r, c.length)] ^= 1 << pick(r, 8);
      return c;
    },
  },
  {
    name: 'overwrite 8 bytes',
    apply: (b, r) => {
      const c = Uint8Array.from(b);
      const at = pick(r, c.length);
      for (let i = at; i < Math.min(c.length, at + 8); i++) c[i] = pick(r, 256);
      return c;
    },
  },
  {
    name: 'varint 0xff run',
    apply: (b, r) => {
      const c = Uint8Array.from(b);
      const at = pick(r, c.length);
      for (let i = at; i < Math.min(c.length, at + 10); i++) c[i] = 0xff;
      return c;
    },
  },
  { name: 'random bytes', apply: (b, r) => Uint8Array.from({ length: Math.max(1, pick(r, b.length)) }, () => pick(r, 256)) },
];

const textTokens = ['{', '}', '"', ':', '<', '>', '[', ']', '#', '\\', '-', 'e', '\n', '\u00ff', '\u4e2d'];
const textMutations: Mutation[] = [
  ...binaryMutations.slice(0, 2),
  {
    name: 'insert a token',
    apply: (b, r) => {
      const s = Buffer.from(b).toString('utf8');
      const at = pick(r, s.length);
      return Buffer.from(s.slice(0, at) + textTokens[pick(r, textTokens.length)] + s.slice(at), 'utf8');
    },
  },
  {
    name: 'delete a char',
    apply: (b, r) => {
      const s = Buffer.from(b).toString('utf8');
      const at = pick(r, s.length);
      return Buffer.from(s.slice(0, at) + s.slice(at + 1), 'utf8');
    },
  },
  {
    name: 'drop a line',
    apply: (b, r) => {
      const lines = Buffer.from(b).toString('utf8').split('\n');
      lines.splice(pick(r, lines.length), 1);
      return Buffer.from(lines.join('\n'), 'utf8');
    },
  },
];

const CASES_PER_SAMPLE = 60;
const HANG_LIMIT_MS = 15_000;

// The samples this corpus holds; the full corpus holds them all. A sample keeps its place in the
// list either way, so its seeds are the same in every run.
const present = samples.filter((s) => s.files.every((f) => corpus.has(f)));

ifFullCorpus(test)('mutated sample models open or fail with a one-line error naming the file and the place', { timeout: 20 * 60_000 }, async (t) => {
  if (corpus.kind === 'full') assert.equal(present.length, samples.length, `sample models missing under ${corpus.root}`);
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-mutation-'));
  let total = 0;
  let errors = 0;
  try {
    for (const [sampleIndex, sample] of samples.entries()) {
      if (!present.includes(sample)) continue;
      const originals = new Map<string, Uint8Array>();
      for (const f of sample.files) originals.set(path.basename(f), await fsp.readFile(corpus.path(f)));
      const mutations = sample.text ? textMutations : binaryMutations;
      for (let k = 0; k < CASES_PER_SAMPLE; k++) {
        const seed = sampleIndex * 100_000 + k;
        const rnd = seededRandom(seed);
        const mutation = mutations[k % mutations.length];
        const dir = path.join(root, `${sampleIndex}-${k}`);
        await fsp.mkdir(dir);
        for (const [name, bytes] of originals) {
          await fsp.writeFile(path.join(dir, name), name === sample.mutate ? mutation.apply(bytes, rnd) : bytes);
        }
        const label = `${sample.mutate} (${mutation.name}, seed ${seed})`;
        const outcome = await Promise.race([
          openModel(path.join(dir, sample.open)).then(
            () => 'opened' as const,
            (e: unknown) => e,
          ),
          new Promise((resolve) => setTimeout(() => resolve('hang'), HANG_LIMIT_MS).unref()),
        ]);
        total++;
        if (outcome === 'opened') continue;
        assert.notEqual(outcome, 'hang', `${label}: no answer within ${HANG_LIMIT_MS} ms`);
        assert.ok(outcome instanceof ModelFormatError, `${label}: threw ${(outcome as Error)?.stack ?? String(outcome)}`);
        errors++;
        const message = outcome.message;
        assert.doesNotMatch(message, /\n/, `${label}: message spans lines: ${message}`);
        assert.ok(message.startsWith(dir + path.sep), `${label}: message does not name a file of the case: ${message}`);
        // Only "this is no model at all" may lack a place; every other error points into the file.
        const placed = /:\d+:\d+: |: byte \d+: /.test(message) && outcome.place.kind !== 'file';
        const recognisedNothing = /not a Paddle or Caffe model/.test(message);
        assert.ok(placed || recognisedNothing, `${label}: no place in: ${message}`);
        await fsp.rm(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await fsp.rm(root, { recursive: true, force: true });
  }
  t.diagnostic(`${total} mutated files, ${errors} rejected with a placed error, ${total - errors} still opened`);
  // 21 samples with the full corpus.
  assert.ok(total >= (corpus.kind === 'full' ? 1000 : 900), `only ${total} cases`);
  assert.ok(errors > total / 4, `suspiciously few rejections: ${errors} of ${total}`);
});
