// Small models the argument checks are tried on, written by the tests themselves: a Paddle
// detector with an NMS op and the extra inputs im_shape and scale_factor, a training checkpoint,
// a persistable folder and a PIR program. (The classifier comes from src/core/samples.)
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeProgram } from '../../src/core/formats/paddle/programWriter';
import { encodeTensorRecord, writeCombinedParamsFromData } from '../../src/core/formats/paddle/tensorRecordWriter';
import { AttrKind, VarKind, type OpDesc, type VarDesc } from '../../src/core/formats/paddle/programTypes';
import { float32Bytes } from '../../src/core/samples/sampleData';

const tensorVar = (name: string, dims: number[], persistable = false): VarDesc => ({
  name,
  type: { type: VarKind.LOD_TENSOR, lod_tensor: { tensor: { data_type: VarKind.FP32, dims } } },
  persistable,
});

function op(type: string, inputs: Record<string, string[]>, outputs: Record<string, string[]>, col?: number): OpDesc {
  return {
    type,
    inputs: Object.entries(inputs).map(([parameter, args]) => ({ parameter, arguments: args })),
    outputs: Object.entries(outputs).map(([parameter, args]) => ({ parameter, arguments: args })),
    attrs: col === undefined ? [] : [{ name: 'col', type: AttrKind.INT, i: col }],
  };
}

/** dir/detector.pdmodel + .pdiparams: inputs image [-1,3,608,608], im_shape [-1,2], scale_factor [-1,2]; multiclass_nms3. */
export async function writeNmsDetector(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const vars: VarDesc[] = [
    { name: 'feed', type: { type: VarKind.FEED_MINIBATCH }, persistable: true },
    { name: 'fetch', type: { type: VarKind.FETCH_LIST }, persistable: true },
    tensorVar('im_shape', [-1, 2]),
    tensorVar('image', [-1, 3, 608, 608]),
    tensorVar('scale_factor', [-1, 2]),
    tensorVar('w', [4, 3, 1, 1], true),
    tensorVar('boxes', [-1, 4, 608, 608]),
    tensorVar('scores', [-1, 4, 608, 608]),
    tensorVar('nms_out', [-1, 6]),
  ];
  const ops: OpDesc[] = [
    op('feed', { X: ['feed'] }, { Out: ['im_shape'] }, 0),
    op('feed', { X: ['feed'] }, { Out: ['image'] }, 1),
    op('feed', { X: ['feed'] }, { Out: ['scale_factor'] }, 2),
    op('conv2d', { Input: ['image'], Filter: ['w'] }, { Output: ['boxes'] }),
    op('sigmoid', { X: ['boxes'] }, { Out: ['scores'] }),
    op('multiclass_nms3', { BBoxes: ['boxes'], Scores: ['scores'] }, { Out: ['nms_out'] }),
    op('fetch', { X: ['nms_out'] }, { Out: ['fetch'] }, 0),
  ];
  await writeProgram(path.join(dir, 'detector.pdmodel'), { blocks: [{ idx: 0, parent_idx: -1, vars, ops }], version: { version: 2006000 } });
  await writeCombinedParamsFromData(path.join(dir, 'detector.pdiparams'), [{ name: 'w', dataType: VarKind.FP32, dims: [4, 3, 1, 1], data: float32Bytes(12, 1) }]);
}

/** A .pdparams as paddle.save writes it: a pickle (protocol 4). */
export function writeCheckpoint(file: string): void {
  writeFileSync(file, Buffer.from([0x80, 0x04, 0x95, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0x94, 0x2e]));
}

/** What fluid.io.save_persistables writes: one tensor record per variable, no program. */
export function writePersistableFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of ['conv1_weights', 'conv1_bias', 'fc_w']) {
    writeFileSync(path.join(dir, name), encodeTensorRecord({ name, dataType: VarKind.FP32, dims: [2, 2], data: float32Bytes(4, 3) }));
  }
}

/** The start of a Paddle 3 PIR program. */
export function writePirProgram(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '{"base_code":{"magic":"pir","trainable":true,"version":1},"program":{"regions":[]}}');
}
