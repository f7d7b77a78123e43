// The registry of tensor files, asked in order: which reader a file is for (by its name and
// first bytes) and the tensors it holds. It is not part of formats/ because those entries open
// models into graphs; these open data into tensor sources, and a dump folder holds thousands.

import * as path from 'node:path';
import { parseDumpFileName } from '../cut/dumpFileNames';
import { readHead } from '../io/readHead';
import type { FileAccess } from '../io/fileAccess';
import { npuDumpOutputs } from './npuDumpTensors';
import { npyTensor, npzTensors } from './npyTensors';
import { rawTensors, type RawTensorSpec } from './rawTensors';
import type { TensorSource } from './tensorSource';

export interface NamedTensor {
  /** The array's name (.npz), the op name (NPU dump), the spec's name (raw), or the file's stem. */
  name: string;
  /** Its place among the file's tensors (an NPU op's output index). */
  index: number;
  /** The tensor, or why it cannot be compared (a layout or type not converted). */
  tensor: TensorSource | string;
}

export interface TensorReadOptions {
  /** The real channel count of tensor `index` (NC1HWC0 pads its last channel block). */
  channelsOf?: (index: number) => number | undefined;
  /** How a raw file splits; without them it is one flat float32 tensor. */
  rawSpecs?: readonly RawTensorSpec[];
}

export interface TensorReader {
  readonly id: 'npy' | 'npz' | 'npu-dump' | 'raw';
  sniff(name: string, head: Uint8Array): boolean;
  read(fs: FileAccess, file: string, options: TensorReadOptions): Promise<NamedTensor[]>;
}

const RAW_NAME = /\.(bin|dat|bmrt)$/i;
const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const startsWith = (head: Uint8Array, bytes: readonly number[]) => bytes.every((b, i) => head[i] === b);
const stem = (file: string) => path.basename(file).replace(/\.(npy|npz|bin|dat|dat\.bmrt)$/i, '');

const npyReader: TensorReader = {
  id: 'npy',
  sniff: (_name, head) => startsWith(head, NPY_MAGIC),
  read: async (fs, file) => [{ name: stem(file), index: 0, tensor: await npyTensor(fs, file) }],
};

const npzReader: TensorReader = {
  id: 'npz',
  sniff: (name, head) => startsWith(head, [0x50, 0x4b]) && (name.toLowerCase().endsWith('.npz') || startsWith(head, [0x50, 0x4b, 3, 4])),
  read: async (fs, file) => (await npzTensors(fs, file)).map((e, index) => ({ name: e.name, index, tensor: e.tensor })),
};

const npuDumpReader: TensorReader = {
  id: 'npu-dump',
  // By its name, else (a dump renamed, not a raw file) by a version-2 start: a uint64 header
  // length under 4 GB, then a DumpData field tag (version, dump_time, output, input, op_name).
  sniff: (name, head) =>
    parseDumpFileName(name)?.kind === 'npu' ||
    (!RAW_NAME.test(name) && head.length > 8 && head[4] === 0 && head[5] === 0 && head[6] === 0 && head[7] === 0 && [0x0a, 0x10, 0x1a, 0x22, 0x32].includes(head[8])),
  read: async (fs, file, options) => {
    const dump = await npuDumpOutputs(fs, file, options.channelsOf);
    const op = parseDumpFileName(path.basename(file))?.op ?? dump.opName;
    return dump.outputs.map((tensor, index) => ({ name: op, index, tensor }));
  },
};

const rawReader: TensorReader = {
  id: 'raw',
  sniff: (name) => RAW_NAME.test(name),
  read: async (fs, file, options) => {
    const specs = options.rawSpecs ?? [{ name: stem(file), shape: [Math.floor((await fs.stat(file)).size / 4)], dtype: 'float32' }];
    return (await rawTensors(fs, file, specs)).map((r, index) => ({ name: r.name, index, tensor: r.tensor }));
  },
};

export const tensorReaders: readonly TensorReader[] = [npyReader, npzReader, npuDumpReader, rawReader];

/** The reader for `file`, by its name and first bytes; undefined when none knows it. */
export async function tensorReaderFor(fs: FileAccess, file: string): Promise<TensorReader | undefined> {
  const head = await readHead(fs, file);
  const name = path.basename(file);
  return tensorReaders.find((r) => r.sniff(name, head));
}
