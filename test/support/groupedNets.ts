// A small Caffe net named as the real ones are, for the group tests that run without the shared
// models: a stem (`conv1` with in-place `bn_conv1`, `scale_conv1`, `conv1_relu`), ResNet-style
// blocks (`res2a_branch2a`, in-place `bn2a_branch2a` …, the sum `res2a`), GoogLeNet-style
// inception blocks (`inception_3a/1x1` … `inception_3a/output`), and a head. Deterministic.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface GroupedNetOptions {
  resBlocks?: number;
  inceptionBlocks?: number;
}

export function groupedNetPrototxt(options: GroupedNetOptions = {}): string {
  const out: string[] = ['name: "GroupedNet"'];
  const layer = (name: string, type: string, bottoms: string[], tops: string[], extra = '') =>
    out.push(`layer {\n  name: "${name}"\n  type: "${type}"\n${bottoms.map((b) => `  bottom: "${b}"\n`).join('')}${tops.map((t) => `  top: "${t}"\n`).join('')}${extra}}`);
  const conv = (name: string, bottom: string, top = name) => layer(name, 'Convolution', [bottom], [top], '  convolution_param {\n    num_output: 8\n    kernel_size: 1\n  }\n');
  const bnScale = (suffix: string, blob: string) => {
    layer(`bn${suffix}`, 'BatchNorm', [blob], [blob]);
    layer(`scale${suffix}`, 'Scale', [blob], [blob], '  scale_param {\n    bias_term: true\n  }\n');
  };
  layer('data', 'Input', [], ['data'], '  input_param {\n    shape {\n      dim: 1\n      dim: 8\n      dim: 16\n      dim: 16\n    }\n  }\n');
  conv('conv1', 'data');
  layer('bn_conv1', 'BatchNorm', ['conv1'], ['conv1']);
  layer('scale_conv1', 'Scale', ['conv1'], ['conv1'], '  scale_param {\n    bias_term: true\n  }\n');
  layer('conv1_relu', 'ReLU', ['conv1'], ['conv1']);
  let x = 'conv1';
  for (let b = 0; b < (options.resBlocks ?? 2); b++) {
    const id = `2${String.fromCharCode(97 + (b % 26))}${b >= 26 ? Math.floor(b / 26) : ''}`;
    const r = `res${id}`;
    conv(`${r}_branch2a`, x);
    bnScale(`${id}_branch2a`, `${r}_branch2a`);
    layer(`${r}_branch2a_relu`, 'ReLU', [`${r}_branch2a`], [`${r}_branch2a`]);
    conv(`${r}_branch2b`, `${r}_branch2a`);
    bnScale(`${id}_branch2b`, `${r}_branch2b`);
    layer(r, 'Eltwise', [x, `${r}_branch2b`], [r]);
    layer(`${r}_relu`, 'ReLU', [r], [r]);
    x = r;
  }
  for (let b = 0; b < (options.inceptionBlocks ?? 2); b++) {
    const p = `inception_${3 + Math.floor(b / 2)}${String.fromCharCode(97 + (b % 2))}`;
    conv(`${p}/1x1`, x);
    layer(`${p}/relu_1x1`, 'ReLU', [`${p}/1x1`], [`${p}/1x1`]);
    conv(`${p}/3x3_reduce`, x);
    conv(`${p}/3x3`, `${p}/3x3_reduce`);
    layer(`${p}/pool`, 'Pooling', [x], [`${p}/pool`], '  pooling_param {\n    pool: MAX\n    kernel_size: 3\n    stride: 1\n    pad: 1\n  }\n');
    conv(`${p}/pool_proj`, `${p}/pool`);
    layer(`${p}/output`, 'Concat', [`${p}/1x1`, `${p}/3x3`, `${p}/pool_proj`], [`${p}/output`]);
    x = `${p}/output`;
  }
  layer('pool5', 'Pooling', [x], ['pool5'], '  pooling_param {\n    pool: AVE\n    global_pooling: true\n  }\n');
  layer('fc', 'InnerProduct', ['pool5'], ['fc'], '  inner_product_param {\n    num_output: 10\n  }\n');
  layer('prob', 'Softmax', ['fc'], ['prob']);
  return `${out.join('\n')}\n`;
}

/** Writes the net into `dir` and returns its path. */
export function writeGroupedNet(dir: string, options: GroupedNetOptions = {}, name = 'grouped.prototxt'): string {
  const file = path.join(dir, name);
  writeFileSync(file, groupedNetPrototxt(options));
  return file;
}
