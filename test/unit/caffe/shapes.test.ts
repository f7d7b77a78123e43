// Shape inference, checked against values worked out by hand from Caffe's rules (not snapshots):
// real nets for the common layers, small written-out nets for every rule's corner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OpenedModel } from '../../../src/core/model';
import { openCaffeModel } from '../../../src/core/formats/caffe/openCaffe';
import { execFileSync } from 'node:child_process';
import { ifSharedTools, sharedTools } from '../../support/paths';
import { corpus, ifFullCorpus, sharedModel } from '../../support/corpus';

/** Shape of the first top of the node with this id. */
function shapeOf(model: OpenedModel, node: string, top = 0): number[] | undefined {
  const n = model.graph.nodes.find((x) => x.id === node);
  assert.ok(n, `no node ${node}`);
  return model.graph.tensors[n.outputs[top].tensor].shape;
}

async function openText(text: string): Promise<OpenedModel> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-caffe-shapes-'));
  try {
    const file = path.join(dir, 'net.prototxt');
    await fsp.writeFile(file, text);
    return await openCaffeModel(file, { noWeights: true });
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

const conv = (out: number, k: number, s = 1, p = 0) => Math.floor((out + 2 * p - k) / s) + 1;
const pool = (size: number, k: number, s: number) => Math.ceil((size - k) / s) + 1;

ifFullCorpus(test)('GoogLeNet: inception_3a reads [10,192,28,28] and writes [10,256,28,28]', async () => {
  const model = await openCaffeModel(sharedModel('caffe', 'bvlc_googlenet', 'deploy.prototxt'), {});
  const c1 = conv(224, 7, 2, 3); // 112
  const p1 = pool(c1, 3, 2); // 56
  const p2 = pool(p1, 3, 2); // 28 (conv2 keeps 56)
  assert.deepEqual(shapeOf(model, 'conv1/7x7_s2'), [10, 64, c1, c1]);
  assert.deepEqual(shapeOf(model, 'pool1/3x3_s2'), [10, 64, p1, p1]);
  assert.deepEqual(shapeOf(model, 'pool2/3x3_s2'), [10, 192, p2, p2]);
  // 1x1: 64, 3x3: 128, 5x5: 32, pool projection: 32.
  assert.deepEqual(shapeOf(model, 'inception_3a/output'), [10, 64 + 128 + 32 + 32, p2, p2]);
  assert.deepEqual(model.outputs, [{ name: 'prob', shape: [10, 1000], dtype: 'float32' }]);
});

ifFullCorpus(test)('ResNet-50: pool5 is [1,2048,1,1] and prob [1,1000]', async () => {
  const model = await openCaffeModel(sharedModel('caffe', 'resnet50_101', 'ResNet-50-deploy.prototxt'), {});
  assert.deepEqual(model.inputs, [{ name: 'data', shape: [1, 3, 224, 224], dtype: 'float32' }]);
  const c1 = conv(224, 7, 2, 3);
  assert.deepEqual(shapeOf(model, 'pool1'), [1, 64, pool(c1, 3, 2), pool(c1, 3, 2)]); // 56
  assert.deepEqual(shapeOf(model, 'res5c'), [1, 2048, 7, 7]);
  assert.deepEqual(shapeOf(model, 'pool5'), [1, 2048, 1, 1]);
  assert.deepEqual(shapeOf(model, 'prob'), [1, 1000]);
});

ifFullCorpus(test)('AlexNet: pool5 is [10,256,6,6]', async () => {
  const model = await openCaffeModel(sharedModel('caffe', 'bvlc_alexnet', 'deploy.prototxt'), {});
  const c1 = conv(227, 11, 4); // 55
  const p1 = pool(c1, 3, 2); // 27
  const p2 = pool(conv(p1, 5, 1, 2), 3, 2); // 13
  const p5 = pool(p2, 3, 2); // 6
  assert.deepEqual(shapeOf(model, 'pool5'), [10, 256, p5, p5]);
  assert.deepEqual(shapeOf(model, 'fc6'), [10, 4096]);
});

ifFullCorpus(test)('MobileNet-SSD: prior boxes, flattened heads and detections', async () => {
  const model = await openCaffeModel(sharedModel('caffe', 'mobilenet_ssd', 'MobileNetSSD_deploy.prototxt'), {});
  // conv11 (19x19): min 60, ratios {1, 2, 1/2} = 3 priors. The five later maps: min+max and
  // ratios {1, 2, 1/2, 3, 1/3} = 6 priors.
  const priors = 19 * 19 * 3 + (10 * 10 + 5 * 5 + 3 * 3 + 2 * 2 + 1 * 1) * 6; // 1917
  assert.deepEqual(shapeOf(model, 'conv11_mbox_priorbox'), [1, 2, 19 * 19 * 3 * 4]);
  assert.deepEqual(shapeOf(model, 'conv13_mbox_priorbox'), [1, 2, 10 * 10 * 6 * 4]);
  assert.deepEqual(shapeOf(model, 'mbox_priorbox'), [1, 2, priors * 4]);
  assert.deepEqual(shapeOf(model, 'conv11_mbox_loc_perm'), [1, 19, 19, 12]);
  assert.deepEqual(shapeOf(model, 'mbox_loc'), [1, priors * 4]);
  assert.deepEqual(shapeOf(model, 'mbox_conf_reshape'), [1, priors, 21]);
  assert.deepEqual(shapeOf(model, 'mbox_conf_flatten'), [1, priors * 21]);
  assert.deepEqual(shapeOf(model, 'detection_out'), [1, 1, 100, 7]);
});

test('Pooling rounds up, and drops a last window that would start in the padding', async () => {
  const model = await openText(`
    input: "x" input_dim: 1 input_dim: 1 input_dim: 5 input_dim: 6
    layer { name: "clip" type: "Pooling" bottom: "x" top: "clip" pooling_param { kernel_size: 2 stride: 2 pad: 1 } }
    layer { name: "ceil" type: "Pooling" bottom: "x" top: "ceil" pooling_param { kernel_size: 2 stride: 2 } }
    layer { name: "floor" type: "Pooling" bottom: "x" top: "floor" pooling_param { kernel_size: 2 stride: 2 round_mode: FLOOR } }
    layer { name: "hw" type: "Pooling" bottom: "x" top: "hw" pooling_param { kernel_h: 3 kernel_w: 1 stride_h: 1 stride_w: 3 } }
    layer { name: "global" type: "Pooling" bottom: "x" top: "global" pooling_param { pool: AVE global_pooling: true } }
  `);
  // h=5: ceil((5+2-2)/2)+1 = 4, and (4-1)*2 = 6 >= 5+1, so 3. w=6: ceil(6/2)+1 = 4, (4-1)*2 = 6 < 7: stays 4.
  assert.deepEqual(shapeOf(model, 'clip'), [1, 1, 3, 4]);
  // h=5 without padding: ceil(3/2)+1 = 3; floor mode: floor(3/2)+1 = 2.
  assert.deepEqual(shapeOf(model, 'ceil'), [1, 1, 3, 3]);
  assert.deepEqual(shapeOf(model, 'floor'), [1, 1, 2, 3]);
  // h: ceil((5-3)/1)+1 = 3; w: ceil((6-1)/3)+1 = 3.
  assert.deepEqual(shapeOf(model, 'hw'), [1, 1, 3, 3]);
  assert.deepEqual(shapeOf(model, 'global'), [1, 1, 1, 1]);
});

test('Convolution and Deconvolution: pad/kernel/stride per axis, dilation, groups, axis', async () => {
  const model = await openText(`
    layer { name: "in" type: "Input" top: "x" input_param { shape { dim: 2 dim: 8 dim: 20 dim: 30 } } }
    layer { name: "hw" type: "Convolution" bottom: "x" top: "hw"
      convolution_param { num_output: 4 kernel_h: 3 kernel_w: 5 pad_h: 1 pad_w: 0 stride_h: 2 stride_w: 3 group: 2 } }
    layer { name: "dil" type: "Convolution" bottom: "x" top: "dil" convolution_param { num_output: 6 kernel_size: 3 dilation: 2 pad: 2 } }
    layer { name: "list" type: "Convolution" bottom: "x" top: "list" convolution_param { num_output: 6 kernel_size: 1 kernel_size: 3 stride: 1 stride: 2 } }
    layer { name: "up" type: "Deconvolution" bottom: "x" top: "up" convolution_param { num_output: 3 kernel_size: 4 stride: 2 pad: 1 } }
  `);
  // h: (20+2-3)/2+1 = 10; w: (30-5)/3+1 = 9.
  assert.deepEqual(shapeOf(model, 'hw'), [2, 4, 10, 9]);
  // dilated 3x3 spans 5: (20+4-5)/1+1 = 20, (30+4-5)+1 = 30.
  assert.deepEqual(shapeOf(model, 'dil'), [2, 6, 20, 30]);
  // h: kernel 1 stride 1 = 20; w: kernel 3 stride 2 = (30-3)/2+1 = 14.
  assert.deepEqual(shapeOf(model, 'list'), [2, 6, 20, 14]);
  // 2*(20-1)+4-2 = 40, 2*(30-1)+4-2 = 60.
  assert.deepEqual(shapeOf(model, 'up'), [2, 3, 40, 60]);
});

test('Concat, Slice, Split, Eltwise, Flatten, Reshape, Permute, Crop, InnerProduct axis', async () => {
  const model = await openText(`
    input: "a" input_shape { dim: 1 dim: 6 dim: 4 dim: 5 }
    input: "b" input_shape { dim: 1 dim: 2 dim: 4 dim: 5 }
    layer { name: "cat" type: "Concat" bottom: "a" bottom: "b" top: "cat" }
    layer { name: "cat_h" type: "Concat" bottom: "a" bottom: "a" top: "cat_h" concat_param { concat_dim: 2 } }
    layer { name: "sl" type: "Slice" bottom: "cat" top: "s1" top: "s2" top: "s3" slice_param { slice_point: 1 slice_point: 5 } }
    layer { name: "eq" type: "Slice" bottom: "a" top: "e1" top: "e2" slice_param { axis: -1 } }
    layer { name: "eqw" type: "Slice" bottom: "b" top: "w1" top: "w2" top: "w3" top: "w4" top: "w5" slice_param { slice_dim: 3 } }
    layer { name: "sp" type: "Split" bottom: "b" top: "b1" top: "b2" }
    layer { name: "sum" type: "Eltwise" bottom: "b1" bottom: "b2" top: "sum" }
    layer { name: "fl" type: "Flatten" bottom: "a" top: "fl" }
    layer { name: "fl2" type: "Flatten" bottom: "a" top: "fl2" flatten_param { axis: 1 end_axis: 2 } }
    layer { name: "rs" type: "Reshape" bottom: "a" top: "rs" reshape_param { shape { dim: 0 dim: -1 dim: 10 } } }
    layer { name: "rs_axis" type: "Reshape" bottom: "a" top: "rs_axis" reshape_param { shape { dim: 2 dim: 2 } axis: 2 num_axes: 1 } }
    layer { name: "perm" type: "Permute" bottom: "a" top: "perm" permute_param { order: 0 order: 2 order: 3 order: 1 } }
    layer { name: "crop" type: "Crop" bottom: "a" bottom: "s3" top: "crop" crop_param { axis: 1 } }
    layer { name: "ip" type: "InnerProduct" bottom: "a" top: "ip" inner_product_param { num_output: 7 axis: 2 } }
  `);
  assert.deepEqual(shapeOf(model, 'cat'), [1, 8, 4, 5]);
  assert.deepEqual(shapeOf(model, 'cat_h'), [1, 6, 8, 5]);
  assert.deepEqual([0, 1, 2].map((i) => shapeOf(model, 'sl', i)), [[1, 1, 4, 5], [1, 4, 4, 5], [1, 3, 4, 5]]);
  assert.equal(shapeOf(model, 'eq', 0), undefined, '5 does not split in 2 equal parts');
  assert.deepEqual(shapeOf(model, 'eqw', 4), [1, 2, 4, 1]);
  assert.deepEqual(shapeOf(model, 'sp', 1), [1, 2, 4, 5]);
  assert.deepEqual(shapeOf(model, 'sum'), [1, 2, 4, 5]);
  assert.deepEqual(shapeOf(model, 'fl'), [1, 120]);
  assert.deepEqual(shapeOf(model, 'fl2'), [1, 24, 5]);
  assert.deepEqual(shapeOf(model, 'rs'), [1, 12, 10]);
  assert.deepEqual(shapeOf(model, 'rs_axis'), [1, 6, 2, 2, 5]);
  assert.deepEqual(shapeOf(model, 'perm'), [1, 4, 5, 6]);
  assert.deepEqual(shapeOf(model, 'crop'), [1, 3, 4, 5]);
  assert.deepEqual(shapeOf(model, 'ip'), [1, 6, 7]);
});

test("forks' layers: Upsample, Interp, ShuffleChannel, PriorBox without flip, DetectionOutput without keep_top_k", async () => {
  const model = await openText(`
    input: "x" input_shape { dim: 1 dim: 8 dim: 7 dim: 9 }
    input: "img" input_shape { dim: 1 dim: 3 dim: 300 dim: 300 }
    layer { name: "up" type: "Upsample" bottom: "x" top: "up" upsample_param { scale: 2 } }
    layer { name: "up_hw" type: "Upsample" bottom: "x" top: "up_hw" upsample_param { upsample_h: 15 upsample_w: 17 } }
    layer { name: "zoom" type: "Interp" bottom: "x" top: "zoom" interp_param { zoom_factor: 3 } }
    layer { name: "fixed" type: "Interp" bottom: "x" top: "fixed" interp_param { height: 32 width: 48 } }
    layer { name: "shuffle" type: "ShuffleChannel" bottom: "x" top: "shuffle" shuffle_channel_param { group: 2 } }
    layer { name: "pb" type: "PriorBox" bottom: "x" bottom: "img" top: "pb"
      prior_box_param { min_size: 30 min_size: 60 max_size: 90 max_size: 120 aspect_ratio: 2 aspect_ratio: 2 flip: false } }
    layer { name: "det" type: "DetectionOutput" bottom: "x" bottom: "x" bottom: "pb" top: "det" detection_output_param { num_classes: 2 } }
    layer { name: "mystery" type: "NoSuchLayer" bottom: "x" top: "mystery" }
    layer { name: "after" type: "ReLU" bottom: "mystery" top: "after" }
  `);
  assert.deepEqual(shapeOf(model, 'up'), [1, 8, 14, 18]);
  assert.deepEqual(shapeOf(model, 'up_hw'), [1, 8, 15, 17]);
  // zoom: size + (size-1)*(zoom-1).
  assert.deepEqual(shapeOf(model, 'zoom'), [1, 8, 7 + 6 * 2, 9 + 8 * 2]);
  assert.deepEqual(shapeOf(model, 'fixed'), [1, 8, 32, 48]);
  assert.deepEqual(shapeOf(model, 'shuffle'), [1, 8, 7, 9]);
  // Ratios {1, 2} (the repeated 2 counts once, no flip) for each of 2 min sizes, plus 2 max sizes: 6.
  assert.deepEqual(shapeOf(model, 'pb'), [1, 2, 7 * 9 * 6 * 4]);
  assert.deepEqual(shapeOf(model, 'det'), [1, 1, -1, 7]);
  assert.equal(shapeOf(model, 'mystery'), undefined);
  assert.equal(shapeOf(model, 'after'), undefined, 'an unknown shape stays unknown downstream');
});

ifFullCorpus(test)('inputs without shapes leave the net unshaped, losses and accuracy are scalars', async () => {
  const model = await openCaffeModel(sharedModel('caffe', 'lenet_bvlc', 'lenet_train_test.prototxt'), {});
  assert.deepEqual(model.inputs, [
    { name: 'data', shape: null, dtype: null },
    { name: 'label', shape: null, dtype: null },
  ]);
  assert.equal(shapeOf(model, 'ip2'), undefined);
  assert.deepEqual(model.outputs, [
    { name: 'accuracy', shape: [], dtype: 'float32' },
    { name: 'loss', shape: [], dtype: 'float32' },
  ]);
});

// yolov3_caffe has no licence, so it is in the full corpus only.
ifFullCorpus(test)('a Concat of mismatched inputs leaves its shape unknown and says why', async () => {
  const model = await openCaffeModel(corpus.path('caffe', 'yolov3_caffe', 'yolov3-tiny.prototxt'), {});
  // layer12-maxpool is 2x2 stride 1 without padding: 13 -> ceil(11/1)+1 = 12, so the upsampled
  // branch is 24x24 against layer8's 26x26, as in Caffe itself.
  assert.deepEqual(shapeOf(model, 'layer12-maxpool'), [1, 512, 12, 12]);
  assert.deepEqual(shapeOf(model, 'layer20-upsample'), [1, 128, 24, 24]);
  assert.equal(shapeOf(model, 'layer21-route'), undefined);
  assert.ok(model.warnings.some((w) => w.code === 'caffe.shape' && w.message.includes('layer21-route')));
});

ifSharedTools(test)('a 200-block synthetic ResNet: every layer read, shapes as the generator built them', async (t) => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-caffe-synth-'));
  t.after(() => fsp.rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'synth.prototxt');
  execFileSync(process.execPath, [path.join(sharedTools, 'gen-caffe-net.mjs'), '--blocks', '200', '--out', file], { stdio: 'pipe' });
  const model = await openCaffeModel(file, {});
  // Stem 6 layers; a block is 2a and 2b (conv, bn, scale, relu), 2c (conv, bn, scale), Eltwise and
  // ReLU = 13, plus a projection (conv, bn, scale) every 4th block; head 3.
  assert.equal(model.graph.nodes.length, 6 + 50 * 16 + 150 * 13 + 3);
  // Width 64: channels 256, 512, 1024, 2048 at blocks 0, 4, 8, 12; the map halves from 56 at
  // blocks 4, 8, 12 and stops at 7.
  assert.deepEqual(shapeOf(model, 'pool1'), [1, 64, 56, 56]);
  assert.deepEqual(shapeOf(model, 'resb0'), [1, 256, 56, 56]);
  assert.deepEqual(shapeOf(model, 'resb8'), [1, 1024, 14, 14]);
  assert.deepEqual(shapeOf(model, 'resb199'), [1, 2048, 7, 7]);
  assert.deepEqual(model.outputs, [{ name: 'prob', shape: [1, 1000], dtype: 'float32' }]);
  assert.deepEqual(model.warnings, []);
});
