// A small ResNet-style offline model for the comparison tests (a simulated om: ops, fused layers,
// shapes) and its golden side: a folder of framework .npy dumps, named as msit's Caffe dump names
// them, holding the numbers the simulated device computes — except for a layer the test makes wrong.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { encodeNpy } from '../../src/core/cut/npy';
import { omBytes, type OmDescription } from '../simulators/omFile';
import { elementCount, goldenNpyName, simValues } from '../simulators/simTensors';

export const SAMPLE_OM: OmDescription = {
  name: 'resnet_tiny',
  ops: [
    { name: 'conv1conv1_relu', type: 'Conv2D', originals: ['conv1', 'conv1_relu'], shape: [1, 4, 4, 4] },
    { name: 'res2a_branch2a', type: 'Conv2D', originals: ['res2a_branch2a'], shape: [1, 4, 4, 4] },
    { name: 'res2a', type: 'Add', originals: ['res2a'], shape: [1, 4, 4, 4] },
    { name: 'fc', type: 'FullyConnection', originals: ['fc'], shape: [1, 10] },
  ],
};

export function writeSampleOm(file: string, description: OmDescription = SAMPLE_OM): void {
  writeFileSync(file, omBytes(description));
}

/** Golden .npy files for every original layer; `wrong` layers get other numbers. Returns the folder. */
export function writeGoldenFolder(dir: string, wrong: readonly string[] = [], description: OmDescription = SAMPLE_OM): string {
  mkdirSync(dir, { recursive: true });
  for (const op of description.ops) {
    for (const layer of op.originals) {
      const values = simValues(wrong.includes(layer) ? `${layer}:wrong` : layer, elementCount(op.shape));
      writeFileSync(path.join(dir, goldenNpyName(layer)), encodeNpy('<f4', op.shape, new Uint8Array(values.buffer)));
    }
  }
  return dir;
}
