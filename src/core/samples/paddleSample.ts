// A small Paddle image classifier written with our own writers (program + combined weights), so
// `npm start` and the tests have a Paddle model without any third-party file:
// x[-1,3,32,32] → conv2d → batch_norm → relu → global pool2d → flatten → matmul_v2 → add → softmax.

import * as path from 'node:path';
import { writeProgram } from '../formats/paddle/programWriter';
import { AttrKind, VarKind, type OpAttr, type OpDesc, type VarDesc } from '../formats/paddle/programTypes';
import { writeCombinedParamsFromData, type TensorData } from '../formats/paddle/tensorRecordWriter';
import { float32Bytes } from './sampleData';

const tensorVar = (name: string, dims: number[], persistable = false): VarDesc => ({
  name,
  type: { type: VarKind.LOD_TENSOR, lod_tensor: { tensor: { data_type: VarKind.FP32, dims } } },
  persistable,
});

const ints = (name: string, values: number[]): OpAttr => ({ name, type: AttrKind.INTS, ints: values });
const int = (name: string, value: number): OpAttr => ({ name, type: AttrKind.INT, i: value });
const str = (name: string, value: string): OpAttr => ({ name, type: AttrKind.STRING, s: value });
const bool = (name: string, value: boolean): OpAttr => ({ name, type: AttrKind.BOOLEAN, b: value });
const float = (name: string, value: number): OpAttr => ({ name, type: AttrKind.FLOAT, f: value });

function op(type: string, inputs: Record<string, string[]>, outputs: Record<string, string[]>, attrs: OpAttr[] = []): OpDesc {
  return {
    type,
    inputs: Object.entries(inputs).map(([parameter, args]) => ({ parameter, arguments: args })),
    outputs: Object.entries(outputs).map(([parameter, args]) => ({ parameter, arguments: args })),
    attrs,
  };
}

const C = 8;
const CLASSES = 10;

export async function writePaddleSample(dir: string, stem = 'tiny_classifier'): Promise<{ model: string; params: string }> {
  const weights: TensorData[] = [
    { name: 'conv1_weights', dataType: VarKind.FP32, dims: [C, 3, 3, 3], data: float32Bytes(C * 27, 1) },
    { name: 'bn1_scale', dataType: VarKind.FP32, dims: [C], data: float32Bytes(C, 2, 1) },
    { name: 'bn1_offset', dataType: VarKind.FP32, dims: [C], data: float32Bytes(C, 3) },
    { name: 'bn1_mean', dataType: VarKind.FP32, dims: [C], data: float32Bytes(C, 4) },
    { name: 'bn1_variance', dataType: VarKind.FP32, dims: [C], data: float32Bytes(C, 5, 1) },
    { name: 'fc_weights', dataType: VarKind.FP32, dims: [C, CLASSES], data: float32Bytes(C * CLASSES, 6) },
    { name: 'fc_bias', dataType: VarKind.FP32, dims: [CLASSES], data: float32Bytes(CLASSES, 7) },
  ];
  const vars: VarDesc[] = [
    { name: 'feed', type: { type: VarKind.FEED_MINIBATCH }, persistable: true },
    { name: 'fetch', type: { type: VarKind.FETCH_LIST }, persistable: true },
    { ...tensorVar('x', [-1, 3, 32, 32]), need_check_feed: true },
    ...weights.map((w) => tensorVar(w.name, w.dims, true)),
    tensorVar('conv2d_0.tmp_0', [-1, C, 32, 32]),
    tensorVar('batch_norm_0.tmp_2', [-1, C, 32, 32]),
    tensorVar('relu_0.tmp_0', [-1, C, 32, 32]),
    tensorVar('pool2d_0.tmp_0', [-1, C, 1, 1]),
    tensorVar('flatten_0.tmp_0', [-1, C]),
    tensorVar('matmul_v2_0.tmp_0', [-1, CLASSES]),
    tensorVar('fc_0.tmp_1', [-1, CLASSES]),
    tensorVar('softmax_0.tmp_0', [-1, CLASSES]),
  ];
  const ops: OpDesc[] = [
    op('feed', { X: ['feed'] }, { Out: ['x'] }, [int('col', 0)]),
    op('conv2d', { Input: ['x'], Filter: ['conv1_weights'] }, { Output: ['conv2d_0.tmp_0'] }, [
      ints('strides', [1, 1]), ints('paddings', [1, 1]), ints('dilations', [1, 1]), int('groups', 1),
      str('padding_algorithm', 'EXPLICIT'), str('data_format', 'NCHW'),
    ]),
    op(
      'batch_norm',
      { X: ['conv2d_0.tmp_0'], Scale: ['bn1_scale'], Bias: ['bn1_offset'], Mean: ['bn1_mean'], Variance: ['bn1_variance'] },
      { Y: ['batch_norm_0.tmp_2'], MeanOut: ['bn1_mean'], VarianceOut: ['bn1_variance'] },
      [float('epsilon', 1e-5), float('momentum', 0.9), bool('is_test', true), str('data_layout', 'NCHW')],
    ),
    op('relu', { X: ['batch_norm_0.tmp_2'] }, { Out: ['relu_0.tmp_0'] }),
    op('pool2d', { X: ['relu_0.tmp_0'] }, { Out: ['pool2d_0.tmp_0'] }, [
      str('pooling_type', 'avg'), bool('global_pooling', true), bool('adaptive', false), ints('ksize', [1, 1]),
      ints('strides', [1, 1]), ints('paddings', [0, 0]), bool('ceil_mode', false), bool('exclusive', true), str('data_format', 'NCHW'),
    ]),
    op('flatten_contiguous_range', { X: ['pool2d_0.tmp_0'] }, { Out: ['flatten_0.tmp_0'] }, [int('start_axis', 1), int('stop_axis', 3)]),
    op('matmul_v2', { X: ['flatten_0.tmp_0'], Y: ['fc_weights'] }, { Out: ['matmul_v2_0.tmp_0'] }, [bool('trans_x', false), bool('trans_y', false)]),
    op('elementwise_add', { X: ['matmul_v2_0.tmp_0'], Y: ['fc_bias'] }, { Out: ['fc_0.tmp_1'] }, [int('axis', -1)]),
    op('softmax', { X: ['fc_0.tmp_1'] }, { Out: ['softmax_0.tmp_0'] }, [int('axis', -1)]),
    op('fetch', { X: ['softmax_0.tmp_0'] }, { Out: ['fetch'] }, [int('col', 0)]),
  ];
  const model = path.join(dir, `${stem}.pdmodel`);
  const params = path.join(dir, `${stem}.pdiparams`);
  await writeProgram(model, { blocks: [{ idx: 0, parent_idx: -1, vars, ops }], version: { version: 2006000 } });
  await writeCombinedParamsFromData(params, weights);
  return { model, params };
}
