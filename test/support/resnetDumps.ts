// A ResNet-style Caffe net (a stem, one residual block with its two branches, pooling, a fully
// connected layer) with golden .npy dumps of every layer and NPU dump files of the same run, one
// layer's NPU output perturbed. Deterministic; NPU values are multiples of 1/64, exact in
// float16, so a test can work out the metrics from the numbers it wrote. Several layouts, types
// and dump versions are mixed on purpose: NC1HWC0 float16, NCHW float32, version 1 and 2.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { encodeNpy, float32ToFloat16Bits } from '../../src/core/cut/npy';
import { DT_FLOAT, DT_FLOAT16, FORMAT_NC1HWC0, FORMAT_NCHW, npuDump, toNc1hwc0 } from './npuDumpFiles';
import { seededRandom } from './random';

export const RESNET_PROTOTXT = `name: "tiny_resnet"
input: "data"
input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" convolution_param { num_output: 4 kernel_size: 3 pad: 1 } }
layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
layer { name: "res2a_branch1" type: "Convolution" bottom: "conv1" top: "res2a_branch1" convolution_param { num_output: 4 kernel_size: 1 } }
layer { name: "res2a_branch2a" type: "Convolution" bottom: "conv1" top: "res2a_branch2a" convolution_param { num_output: 4 kernel_size: 3 pad: 1 } }
layer { name: "res2a_branch2b" type: "Convolution" bottom: "res2a_branch2a" top: "res2a_branch2b" convolution_param { num_output: 4 kernel_size: 3 pad: 1 } }
layer { name: "res2a" type: "Eltwise" bottom: "res2a_branch1" bottom: "res2a_branch2b" top: "res2a" }
layer { name: "res2a/relu" type: "ReLU" bottom: "res2a" top: "res2a" }
layer { name: "pool" type: "Pooling" bottom: "res2a" top: "pool" pooling_param { pool: AVE global_pooling: true } }
layer { name: "fc" type: "InnerProduct" bottom: "pool" top: "fc" inner_product_param { num_output: 10 } }
`;

interface LayerDump {
  name: string;
  type: string;
  shape: number[];
  layout: 'NC1HWC0' | 'NCHW';
  version: 1 | 2;
}

const LAYERS: LayerDump[] = [
  { name: 'conv1', type: 'Conv2D', shape: [1, 4, 8, 8], layout: 'NC1HWC0', version: 2 },
  { name: 'relu1', type: 'Relu', shape: [1, 4, 8, 8], layout: 'NC1HWC0', version: 2 },
  { name: 'res2a_branch1', type: 'Conv2D', shape: [1, 4, 8, 8], layout: 'NCHW', version: 1 },
  { name: 'res2a_branch2a', type: 'Conv2D', shape: [1, 4, 8, 8], layout: 'NC1HWC0', version: 2 },
  { name: 'res2a_branch2b', type: 'Conv2D', shape: [1, 4, 8, 8], layout: 'NCHW', version: 2 },
  { name: 'res2a', type: 'Add', shape: [1, 4, 8, 8], layout: 'NCHW', version: 1 },
  { name: 'res2a/relu', type: 'Relu', shape: [1, 4, 8, 8], layout: 'NC1HWC0', version: 2 },
  { name: 'pool', type: 'Pooling', shape: [1, 4, 1, 1], layout: 'NCHW', version: 2 },
  { name: 'fc', type: 'MatMulV2', shape: [1, 10], layout: 'NCHW', version: 2 },
];

/** Layers after the perturbed one on its path: they fail too (their inputs carry the error). */
export const RESNET_DOWNSTREAM = ['res2a_branch2b', 'res2a', 'res2a/relu', 'pool', 'fc'];

export interface ResnetDumps {
  prototxt: string;
  npuDir: string;
  goldenDir: string;
  /** By layer name: the values written (golden float32, NPU as exact numbers). */
  values: Map<string, { golden: Float32Array; npu: Float32Array; shape: number[]; npuFile: string; goldenFile: string }>;
}

/** Writes the net, its golden dumps and its NPU dumps under `dir`; `perturbed` gets an error big enough to fail. */
export function writeResnetDumps(dir: string, perturbed = 'res2a_branch2a'): ResnetDumps {
  const random = seededRandom(1684);
  const prototxt = path.join(dir, 'tiny_resnet.prototxt');
  writeFileSync(prototxt, RESNET_PROTOTXT);
  const npuDir = path.join(dir, 'npu');
  const goldenDir = path.join(dir, 'golden');
  mkdirSync(npuDir, { recursive: true });
  mkdirSync(goldenDir, { recursive: true });
  const bad = new Set([perturbed, ...(perturbed === 'res2a_branch2a' ? RESNET_DOWNSTREAM : [])]);
  const values: ResnetDumps['values'] = new Map();
  LAYERS.forEach((layer, i) => {
    const count = layer.shape.reduce((a, b) => a * b, 1);
    const golden = new Float32Array(count).map(() => (random() - 0.3) * 6);
    // Close layers round to 1/64 (error under 0.008, cosine near 1); bad ones get an error as large as the values.
    const npu = golden.map((x) => Math.round((bad.has(layer.name) ? x + (random() - 0.5) * 8 : x) * 64) / 64);
    const stem = layer.name.replace(/[/.]/g, '_');
    const goldenFile = path.join(goldenDir, `${stem}.0.${1700000000000000 + i}.npy`);
    writeFileSync(goldenFile, encodeNpy('<f4', layer.shape, new Uint8Array(golden.buffer)));
    // The perturbed layer's dump carries the latest timestamp and a task id that sorts last.
    const time = layer.name === perturbed ? 1700000000999999 : 1700000000100000 + i;
    const npuFile = path.join(npuDir, `${layer.type}.${stem}.${layer.name === perturbed ? 99 : 10 + i}.${time}`);
    const tensor =
      layer.layout === 'NC1HWC0'
        ? (() => {
            const laid = toNc1hwc0(npu, layer.shape);
            return { dataType: DT_FLOAT16, format: FORMAT_NC1HWC0, shape: laid.shape, data: Buffer.from(float32ToFloat16Bits(laid.data).buffer) };
          })()
        : { dataType: DT_FLOAT, format: FORMAT_NCHW, shape: layer.shape, data: Buffer.from(npu.buffer) };
    writeFileSync(npuFile, npuDump(layer.name, [], [tensor], layer.version));
    values.set(layer.name, { golden, npu, shape: layer.shape, npuFile, goldenFile });
  });
  // One NPU op of the chip's own (no golden) and one golden tensor with no NPU dump: both listed as unmatched.
  writeFileSync(path.join(npuDir, 'TransData.trans_TransData_3.5.1700000000000500'), npuDump('trans_TransData_3', [], [{ dataType: DT_FLOAT, format: FORMAT_NCHW, shape: [4], data: Buffer.alloc(16) }]));
  writeFileSync(path.join(goldenDir, 'data.0.1699999999999999.npy'), encodeNpy('<f4', [1, 3, 8, 8], new Uint8Array(192 * 4)));
  return { prototxt, npuDir, goldenDir, values };
}
