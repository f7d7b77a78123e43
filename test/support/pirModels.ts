// PIR programs the tests and the bench write themselves with the project's own writer
// (src/core/formats/paddle/pirWriter.ts), so the PIR reader is exercised without the model
// collection: a small convolution with weights, control flow (`pd_op.if`, `pd_op.while` with
// block arguments), and a synthetic chain of any length.
import { attr, PirProgramBuilder, tensorType, type PirTensor } from '../../src/core/formats/paddle/pirWriter';

const f32 = (values: number[]) => new Uint8Array(Float32Array.from(values).buffer);

/** data x[1,3,4,4] → conv2d (w) → add (b) → relu → fetch, with the two weights. */
export function smallPirModel(): { builder: PirProgramBuilder; tensors: PirTensor[] } {
  const p = new PirProgramBuilder();
  // Parameters first, in a program order that is not their sorted order, as PaddleX writes them.
  const w = p.parameter('conv2d_0.w_0', 'float32', [2, 3, 1, 1]);
  const b = p.parameter('conv2d_0.b_0', 'float32', [1, 2, 1, 1]);
  const x = p.data('x', 'float32', [-1, 3, 4, 4]);
  const out = tensorType('float32', [-1, 2, 4, 4]);
  const [conv] = p.op('pd_op.conv2d', [x, w], [out], {
    strides: attr.array([attr.i32(1), attr.i32(1)]),
    paddings: attr.array([attr.i32(0), attr.i32(0)]),
    padding_algorithm: attr.str('EXPLICIT'),
    dilations: attr.array([attr.i32(1), attr.i32(1)]),
    groups: attr.i32(1),
    data_format: attr.str('NCHW'),
    struct_name: attr.str('/Small/Conv2D/'),
  });
  const [sum] = p.op('pd_op.add', [conv, b], [out]);
  const [relu] = p.op('pd_op.leaky_relu', [sum], [out], { negative_slope: attr.f32(0.9) });
  p.fetch(relu, out, 0);
  return {
    builder: p,
    tensors: [
      { name: 'conv2d_0.w_0', dtype: 'float32', dims: [2, 3, 1, 1], data: f32([1, 2, 3, 4, 5, 6]) },
      { name: 'conv2d_0.b_0', dtype: 'float32', dims: [1, 2, 1, 1], data: f32([0.5, -0.5]) },
    ],
  };
}

/** Two scalar feeds, a `pd_op.if` whose branches yield one value each, a `pd_op.while` with a loop variable, two fetches (cols 1 and 0). */
export function controlFlowPirProgram(): PirProgramBuilder {
  const p = new PirProgramBuilder();
  const scalar = tensorType('int64', []);
  const flag = tensorType('bool', []);
  const a = p.data('a', 'int64', []);
  const b = p.data('b', 'int64', []);
  const [cond] = p.op('pd_op.less_than', [a, b], [flag]);
  const [picked] = p.op('pd_op.if', [cond], [scalar], {}, [
    (q) => {
      const [s] = q.op('pd_op.scale', [a, 0], [scalar], { bias: attr.f32(1), bias_after_scale: attr.bool(true) });
      q.op('cf.yield', [s], []);
    },
    (q) => {
      const [s] = q.op('pd_op.scale', [b, 0], [scalar], { bias: attr.f32(Number.NaN), bias_after_scale: attr.bool(true) });
      q.op('cf.yield', [s], []);
    },
  ]);
  const [looped] = p.op('pd_op.while', [cond, picked], [scalar], {}, [
    (q) => {
      const i = q.argument(scalar);
      const [next] = q.op('pd_op.increment_', [i], [scalar], { value: attr.f32(1) });
      const [again] = q.op('pd_op.less_than', [next, b], [flag]);
      q.op('cf.yield', [again, next], []);
    },
  ]);
  p.fetch(looped, scalar, 1, 'looped');
  p.fetch(picked, scalar, 0, 'picked');
  return p;
}

/** A chain of `ops` ops (conv2d with its own weight, then relu, repeated) for the bench and the growth tests. */
export function synthPirProgram(ops: number): PirProgramBuilder {
  const p = new PirProgramBuilder();
  const t = tensorType('float32', [-1, 8, 32, 32]);
  let x = p.data('x', 'float32', [-1, 8, 32, 32]);
  for (let i = 0; p.opCount < ops - 1; i++) {
    if (i % 2 === 0) {
      const w = p.parameter(`conv2d_${i}.w_0`, 'float32', [8, 8, 3, 3]);
      [x] = p.op('pd_op.conv2d', [x, w], [t], { strides: attr.array([attr.i32(1), attr.i32(1)]), groups: attr.i32(1), data_format: attr.str('NCHW') });
    } else [x] = p.op('pd_op.relu', [x], [t]);
  }
  p.fetch(x, t, 0);
  return p;
}
