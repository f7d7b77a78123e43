// Crafted models for the hostile-input tests and the bench: small, deterministic files whose
// content makes a careless reader take time or memory that grows faster than the file. Each
// generator writes real protobuf or prototxt bytes, as an attacker's file would be.
import { writeFileSync } from 'node:fs';
import { encodeProgram } from '../../src/core/formats/paddle/programWriter';
import { VarKind, type BlockDesc, type OpDesc, type ProgramDesc, type VarDesc } from '../../src/core/formats/paddle/programTypes';
import { bytesField, floats32, stringField, varintField } from '../unit/caffe/wireBuilder';

const lodTensor = (name: string, dims: number[], persistable = false): VarDesc => ({
  name,
  type: { type: VarKind.LOD_TENSOR, lod_tensor: { tensor: { data_type: VarKind.FP32, dims } } },
  persistable,
});
const op = (type: string, inputs: Record<string, string[]>, outputs: Record<string, string[]>, attrs: OpDesc['attrs'] = []): OpDesc => ({
  type,
  inputs: Object.entries(inputs).map(([parameter, args]) => ({ parameter, arguments: args })),
  outputs: Object.entries(outputs).map(([parameter, args]) => ({ parameter, arguments: args })),
  attrs,
});

/** `blocks` blocks, each the parent of the next, one relu op each. */
export function nestedBlocksProgram(file: string, blocks: number): void {
  const all: BlockDesc[] = [];
  for (let b = 0; b < blocks; b++) {
    all.push({ idx: b, parent_idx: b - 1, vars: [lodTensor(`x${b}`, [1, 4])], ops: [op('relu', { X: [b === 0 ? 'x0' : `x${b - 1}`] }, { Out: [`x${b}`] })] });
  }
  writeFileSync(file, encodeProgram({ blocks: all } as ProgramDesc));
}

/** A weight of `dims` dimensions read by `ops` ops. */
export function wideWeightProgram(file: string, dims: number, ops: number): void {
  const vars = [lodTensor('w', new Array(dims).fill(1), true), lodTensor('x0', [1])];
  const list: OpDesc[] = [];
  for (let i = 0; i < ops; i++) {
    vars.push(lodTensor(`x${i + 1}`, [1]));
    list.push(op('elementwise_mul', { X: [`x${i}`], Y: ['w'] }, { Out: [`x${i + 1}`] }));
  }
  writeFileSync(file, encodeProgram({ blocks: [{ idx: 0, parent_idx: -1, vars, ops: list }] } as ProgramDesc));
}

/** A net input of `dims` axes run through `layers` ReLU layers. */
export function wideInputPrototxt(file: string, dims: number, layers: number): void {
  const lines = ['name: "wide"', 'input: "x0"', `input_shape { ${'dim: 1 '.repeat(dims)}}`];
  for (let i = 0; i < layers; i++) lines.push(`layer { name: "r${i}" type: "ReLU" bottom: "x${i}" top: "x${i + 1}" }`);
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** `layers` layers of one name. */
export function sameNamePrototxt(file: string, layers: number): void {
  const lines = ['name: "same"', 'input: "x0"', 'input_shape { dim: 1 dim: 3 }'];
  for (let i = 0; i < layers; i++) lines.push(`layer { name: "same" type: "ReLU" bottom: "x${i}" top: "x${i + 1}" }`);
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** A caffemodel of `layers` V2 layers; each unnamed, or each with one 4-value blob. */
export function manyLayersCaffemodel(file: string, layers: number, kind: 'unnamed' | 'with-blob'): void {
  const blob = [...bytesField(7, varintField(1, 4)), ...bytesField(5, floats32([1, 2, 3, 4]))];
  const parts: Uint8Array[] = [Uint8Array.from(stringField(1, kind))];
  for (let i = 0; i < layers; i++) {
    const layer = kind === 'unnamed' ? [...stringField(2, 'ReLU')] : [...stringField(1, `l${i}`), ...stringField(2, 'Scale'), ...bytesField(7, blob)];
    parts.push(Uint8Array.from(bytesField(100, layer)));
  }
  writeFileSync(file, Buffer.concat(parts));
}
