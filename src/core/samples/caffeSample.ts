// A LeNet-style Caffe net written with our own writers: the deploy prototxt (text writer) and a
// caffemodel with deterministic weights (protobufjs encoder), so `npm start` and the tests have
// a Caffe model with weights without any third-party file.

import * as path from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite';
import { writeCaffemodelFromData, type LayerData } from '../formats/caffe/netEncoder';
import { writePrototxt } from '../formats/caffe/prototxtWriter';
import { NetParameterType } from '../formats/caffe/schema';
import type { ProtoMessage } from '../formats/caffe/protoMessage';
import { float32Bytes } from './sampleData';

const weights = (shape: number[], seed: number): { shape: number[]; data: Float32Array } => {
  const count = shape.reduce((a, b) => a * b, 1);
  return { shape, data: new Float32Array(float32Bytes(count, seed).buffer) };
};

export const CAFFE_SAMPLE_NAME = 'LeNetSample';

function lenetLayers(): LayerData[] {
  return [
    { name: 'data', type: 'Input', top: ['data'], input_param: { shape: [{ dim: [1, 1, 28, 28] }] } },
    { name: 'conv1', type: 'Convolution', bottom: ['data'], top: ['conv1'], convolution_param: { num_output: 20, kernel_size: [5], stride: [1] }, blobs: [weights([20, 1, 5, 5], 11), weights([20], 12)] },
    { name: 'pool1', type: 'Pooling', bottom: ['conv1'], top: ['pool1'], pooling_param: { pool: 'MAX', kernel_size: 2, stride: 2 } },
    { name: 'conv2', type: 'Convolution', bottom: ['pool1'], top: ['conv2'], convolution_param: { num_output: 50, kernel_size: [5], stride: [1] }, blobs: [weights([50, 20, 5, 5], 13), weights([50], 14)] },
    { name: 'pool2', type: 'Pooling', bottom: ['conv2'], top: ['pool2'], pooling_param: { pool: 'MAX', kernel_size: 2, stride: 2 } },
    { name: 'ip1', type: 'InnerProduct', bottom: ['pool2'], top: ['ip1'], inner_product_param: { num_output: 64 }, blobs: [weights([64, 800], 15), weights([64], 16)] },
    { name: 'relu1', type: 'ReLU', bottom: ['ip1'], top: ['ip1'] },
    { name: 'ip2', type: 'InnerProduct', bottom: ['ip1'], top: ['ip2'], inner_product_param: { num_output: 10 }, blobs: [weights([10, 64], 17), weights([10], 18)] },
    { name: 'prob', type: 'Softmax', bottom: ['ip2'], top: ['prob'] },
  ];
}

export async function writeCaffeSample(dir: string, stem = 'lenet'): Promise<{ prototxt: string; caffemodel: string }> {
  const layers = lenetLayers();
  const deploy: ProtoMessage = {
    name: CAFFE_SAMPLE_NAME,
    layer: layers.map(({ blobs: _blobs, ...settings }) => settings as ProtoMessage),
  };
  const prototxt = path.join(dir, `${stem}.prototxt`);
  const caffemodel = path.join(dir, `${stem}.caffemodel`);
  await writeFileAtomic(prototxt, writePrototxt(deploy, NetParameterType));
  await writeCaffemodelFromData(caffemodel, CAFFE_SAMPLE_NAME, layers);
  return { prototxt, caffemodel };
}
