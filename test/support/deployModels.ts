// Small models the argument checks are tried on, written by the tests themselves: a Paddle
// detector with an NMS op and the extra inputs im_shape and scale_factor, a training checkpoint,
// a persistable folder and a PIR program. (The classifier comes from src/core/samples.)
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeProgram } from '../../src/core/formats/paddle/programWriter';
import { encodeTensorRecord, writeCombinedParamsFromData } from '../../src/core/formats/paddle/tensorRecordWriter';
import { AttrKind, VarKind, type OpDesc, type VarDesc } from '../../src/core/formats/paddle/programTypes';
import { float32Bytes } from '../../src/core/samples/sampleData';
import { zipBytes } from './zipWriter';

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

/** A pickled persistent id of one tensor storage, as torch.save writes it (protocol 2: BINUNICODE strings). */
function storagePickle(location: string): Buffer {
  const str = (s: string) => {
    const b = Buffer.alloc(5 + s.length);
    b.write('X', 0, 'latin1');
    b.writeUInt32LE(s.length, 1);
    b.write(s, 5, 'latin1');
    return b;
  };
  return Buffer.concat([Buffer.from([0x80, 0x02]), Buffer.from('ctorch._utils\n_rebuild_tensor_v2\nq\x00((', 'latin1'), str('storage'), Buffer.from('ctorch\nFloatStorage\nq\x01', 'latin1'), str('0'), str(location), Buffer.from('K\x06tq\x02Q.', 'latin1')]);
}

/**
 * A TorchScript archive as torch.jit.save lays it out (archive/data.pkl, code/, constants.pkl,
 * data/0, version): `how` says whether its forward was traced (straight calls) or scripted
 * (an `if`), `location` where its tensors were saved; deflated entries when asked.
 */
export function writeTorchScript(file: string, how: 'traced' | 'scripted', location = 'cpu', deflate = false): void {
  const forward = how === 'traced'
    ? 'class Net(Module):\n  __parameters__ = ["weight", ]\n  def forward(self: __torch__.Net,\n    x: Tensor) -> Tensor:\n    _0 = torch.linear(x, self.weight)\n    return torch.relu(_0)\n'
    : 'class Net(Module):\n  __parameters__ = ["weight", ]\n  def forward(self: __torch__.Net,\n    x: Tensor) -> Tensor:\n    if bool(torch.gt(torch.sum(x), 0)):\n      _0 = torch.relu(x)\n    else:\n      _0 = x\n    return torch.linear(_0, self.weight)\n';
  writeFileSync(file, zipBytes([
    { name: 'net/data.pkl', data: storagePickle(location), deflate },
    { name: 'net/code/__torch__.py', data: forward, deflate },
    { name: 'net/constants.pkl', data: Buffer.from([0x80, 0x02, 0x29, 0x2e]), deflate },
    { name: 'net/data/0', data: new Uint8Array(24), deflate },
    { name: 'net/version', data: '3\n', deflate },
  ]));
}

/** What torch.save(model.state_dict(), path) writes: data.pkl and tensors, no code/. */
export function writeStateDict(file: string): void {
  writeFileSync(file, zipBytes([
    { name: 'weights/data.pkl', data: storagePickle('cpu') },
    { name: 'weights/data/0', data: new Uint8Array(24) },
    { name: 'weights/version', data: '3\n' },
  ]));
}
