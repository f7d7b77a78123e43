// The shape table on its own, as cutting and the compiler-argument checker call it: a layer made
// up in the test, bottoms' shapes given, tops' shapes worked out by hand from Caffe's formulas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasShapeRule, shapeRuleOf, topShapesOf, type ShapeLayer } from '../../../src/core/formats/caffe/shapeRules';
import type { ProtoMessage } from '../../../src/core/formats/caffe/protoMessage';
import { expectedBlobCounts } from '../../../src/core/formats/caffe/blobCounts';

const layer = (type: string, message: ProtoMessage = {}, tops = 1): ShapeLayer => ({ type, message, tops: Array.from({ length: tops }, (_, i) => `top${i}`) });

test('Convolution: (224 + 2·3 − 7) / 2 + 1 = 112 per spatial axis, num_output channels', () => {
  const conv = layer('Convolution', { convolution_param: { num_output: 64, kernel_size: 7, stride: 2, pad: 3 } });
  assert.deepEqual(topShapesOf(conv, [[1, 3, 224, 224]]), [[1, 64, 112, 112]]);
});

test('Deconvolution: 2·(14 − 1) + 4 − 2·1 = 28', () => {
  const deconv = layer('Deconvolution', { convolution_param: { num_output: 16, kernel_size: 4, stride: 2, pad: 1 } });
  assert.deepEqual(topShapesOf(deconv, [[1, 32, 14, 14]]), [[1, 16, 28, 28]]);
});

test('Pooling rounds up: ceil((112 − 3) / 2) + 1 = 56; global pooling leaves 1×1', () => {
  assert.deepEqual(topShapesOf(layer('Pooling', { pooling_param: { kernel_size: 3, stride: 2 } }), [[1, 64, 112, 112]]), [[1, 64, 56, 56]]);
  assert.deepEqual(topShapesOf(layer('Pooling', { pooling_param: { global_pooling: true } }), [[1, 64, 7, 7]]), [[1, 64, 1, 1]]);
});

test('Concat adds the axis; Slice splits it at its points, one shape per top', () => {
  assert.deepEqual(topShapesOf(layer('Concat'), [[1, 64, 28, 28], [1, 32, 28, 28]]), [[1, 96, 28, 28]]);
  const slice = layer('Slice', { slice_param: { slice_point: [1, 3] } }, 3);
  assert.deepEqual(topShapesOf(slice, [[2, 5, 4]]), [[2, 1, 4], [2, 2, 4], [2, 2, 4]]);
});

test('a same-as-input layer gives every top the first bottom\'s shape, shared, not copied', () => {
  const bottom = [1, 8, 4, 4];
  const tops = topShapesOf(layer('ReLU', {}, 2), [bottom]);
  assert.deepEqual(tops, [[1, 8, 4, 4], [1, 8, 4, 4]]);
  // Shapes are never changed once made: a million in-place layers share one array.
  assert.equal(tops[0], bottom);
  assert.equal(tops[1], bottom);
});

test('Input takes its shapes from its settings, with no bottoms at all', () => {
  const input = layer('Input', { input_param: { shape: [{ dim: [1, 3, 32, 32] }, { dim: [1] }] } }, 2);
  assert.deepEqual(topShapesOf(input, []), [[1, 3, 32, 32], [1]]);
});

test('losses are scalars, whatever the type is called, as long as it ends in Loss', () => {
  assert.deepEqual(topShapesOf(layer('SoftmaxWithLoss'), [[10, 1000], [10]]), [[]]);
  assert.deepEqual(topShapesOf(layer('MyForkFocalLoss', {}, 2), [undefined]), [[], undefined]);
  assert.equal(hasShapeRule('MyForkFocalLoss'), true);
});

test('DetectionOutput keeps -1 for the detection count it cannot know', () => {
  assert.deepEqual(topShapesOf(layer('DetectionOutput'), [[1, 7668]]), [[1, 1, -1, 7]]);
  assert.deepEqual(topShapesOf(layer('DetectionOutput', { detection_output_param: { keep_top_k: 200 } }), [[1, 7668]]), [[1, 1, 200, 7]]);
});

test('settings that do not fit the input give an unknown shape, not a negative one', () => {
  // (3 − 5) / 1 + 1 = −1: the kernel is larger than the image.
  const conv = layer('Convolution', { convolution_param: { num_output: 4, kernel_size: 5 } });
  assert.deepEqual(topShapesOf(conv, [[1, 3, 3, 3]]), [undefined]);
});

test('an unknown first bottom leaves a known type unknown', () => {
  assert.deepEqual(topShapesOf(layer('Convolution', { convolution_param: { num_output: 4, kernel_size: 3 } }, 2), [undefined]), [undefined, undefined]);
});

test('Eltwise over inputs of different shapes reports the problem and gives no shape', () => {
  const problems: string[] = [];
  assert.deepEqual(topShapesOf(layer('Eltwise'), [[1, 8, 4, 4], [1, 8, 2, 2]], (p) => problems.push(p)), [undefined]);
  assert.deepEqual(problems, ['inputs [1, 8, 4, 4] and [1, 8, 2, 2] differ in shape']);
});

test('a type the table does not name has unknown tops and no rule', () => {
  assert.deepEqual(topShapesOf(layer('MyForkMagic', {}, 2), [[1, 3, 8, 8]]), [undefined, undefined]);
  assert.equal(shapeRuleOf('MyForkMagic'), undefined);
  assert.equal(hasShapeRule('MyForkMagic'), false);
  // Type names match exactly: case is not forgiven.
  assert.equal(hasShapeRule('convolution'), false);
});

test('types named like Object.prototype members find no rule', () => {
  for (const type of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
    assert.equal(shapeRuleOf(type), undefined, type);
    assert.equal(hasShapeRule(type), false, type);
    assert.deepEqual(topShapesOf(layer(type, {}, 1), [[1, 3, 8, 8]]), [undefined], type);
    assert.equal(expectedBlobCounts(type, {}, [1, 3, 8, 8]), undefined, type);
  }
});

test('expected blob counts: filter and bias of a grouped convolution, an InnerProduct without bias', () => {
  // 32 outputs × (16 / 2 groups) channels × 3 × 3 = 2304, then 32 biases.
  assert.deepEqual(expectedBlobCounts('Convolution', { convolution_param: { num_output: 32, kernel_size: 3, group: 2 } }, [1, 16, 8, 8]), [2304, 32]);
  assert.deepEqual(expectedBlobCounts('InnerProduct', { inner_product_param: { num_output: 10, bias_term: false } }, [1, 8, 2, 2]), [320]);
  assert.equal(expectedBlobCounts('ReLU', {}, [1, 8]), undefined);
});
