// dump_data/ of a sub-model export: from a folder of dump files (golden .npy from the original
// framework, or NPU dump files), the files of every selected operator and those holding the data
// that enters the selection, copied as they are; and that entering data converted to what an
// offline model takes: `.npy` and raw `.bin` in float32 and float16, in the model's input shape
// (the Ascend guide's shape_conversion.py and numpy.tofile steps, done for the user).

import * as path from 'node:path';
import { writeFileAtomic, writeStreamAtomic } from '../io/atomicWrite';
import { withByteSource } from '../io/byteSource';
import { ensureFolder } from '../io/ensureFolder';
import type { FileAccess } from '../io/fileAccess';
import type { Graph } from '../graph/graph';
import type { RangeSelection, RangeTensor } from '../graph/rangeSelection';
import { t } from '../l10n';
import { findDumpFolder } from './dumpFolder';
import { dumpFilesByOp, dumpOpName, type DumpFileName } from './dumpFileNames';
import type { LayerDumpFiles } from './dumpLog';
import { encodeNpy, float32ToFloat16Bits, npyAsFloat32, NpyError, readNpy } from './npy';
import { readNpuDump, readNpuDumpTensor } from './npuDump';
import { npuTensorAsNchw } from './npuDumpInput';

export const DUMP_DATA = 'dump_data';
/** Where the converted inputs go inside dump_data/. */
export const CONVERTED_INPUTS = 'input';
const CHUNK = 8 * 1024 * 1024;
/** Golden input data bigger than this is copied but not converted (it is read whole). */
const MAX_CONVERTED_BYTES = 1024 * 1024 * 1024;

/** Where an entering tensor's data sits in an NPU dump file. */
interface NpuSource {
  file: string;
  side: 'input' | 'output';
  index: number;
}

export interface DumpDataResult {
  /** Paths written, relative to the result folder. */
  files: string[];
  /** By node id: the dump files of its outputs and of its inputs. */
  layers: Map<string, LayerDumpFiles>;
  warnings: string[];
}

export async function writeDumpData(folder: string, dumpPath: string, graph: Graph, selection: RangeSelection, fs: FileAccess, signal?: AbortSignal): Promise<DumpDataResult> {
  const found = await findDumpFolder(fs, dumpPath);
  const dumpDir = found.dir;
  const byOp = dumpFilesByOp(found.files);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes = selection.nodes.map((id) => byId.get(id)!);
  const goldenOf = (tensorId: string): DumpFileName[] => {
    const tensor = graph.tensors[tensorId];
    const producer = tensor.producer === undefined ? undefined : byId.get(tensor.producer);
    if (!producer) return (byOp.get(dumpOpName(tensor.name)) ?? []).filter((f) => f.kind === 'golden' && f.output === 0);
    const k = producer.outputs.findIndex((p) => p.tensor === tensorId);
    return (byOp.get(dumpOpName(producer.name)) ?? []).filter((f) => f.kind === 'golden' && f.output === k);
  };

  const inSelection = new Set(selection.nodes);
  const npuFilesOf = (nodeId: string | undefined): string[] => {
    const node = nodeId === undefined ? undefined : byId.get(nodeId);
    return node ? (byOp.get(dumpOpName(node.name)) ?? []).filter((f) => f.kind === 'npu').map((f) => f.file) : [];
  };
  const npuOf = (tensorId: string): NpuSource | undefined => {
    // The entering layer's own dump holds the tensor among its inputs; else its producer's, among its outputs.
    for (const node of nodes) {
      const index = node.inputs.findIndex((p) => p.tensor === tensorId);
      const file = index < 0 ? undefined : (byOp.get(dumpOpName(node.name)) ?? []).find((f) => f.kind === 'npu');
      if (file) return { file: file.file, side: 'input', index };
    }
    const producer = byId.get(graph.tensors[tensorId].producer ?? '');
    const file = producer && (byOp.get(dumpOpName(producer.name)) ?? []).find((f) => f.kind === 'npu');
    return file && producer ? { file: file.file, side: 'output', index: producer.outputs.findIndex((p) => p.tensor === tensorId) } : undefined;
  };
  const entering = selection.inputs.map((i) => ({ input: i, files: goldenOf(i.tensor), npu: npuOf(i.tensor) }));
  const enteringNpu = new Map(entering.flatMap((e) => (e.npu ? [[e.input.tensor, e.npu.file] as const] : [])));
  // A layer's Input File: the golden files of its inputs; for an input without one, the NPU
  // dump that holds it: its producer's inside the selection, or the one an entering tensor is
  // converted from.
  const inputFilesOf = (tensorId: string): string[] => {
    const golden = goldenOf(tensorId).map((f) => f.file);
    if (golden.length > 0) return golden;
    const producer = graph.tensors[tensorId].producer;
    if (producer !== undefined && inSelection.has(producer)) return npuFilesOf(producer);
    const npu = enteringNpu.get(tensorId);
    return npu ? [npu] : [];
  };

  const layers = new Map<string, LayerDumpFiles>();
  const copy = new Set<string>();
  for (const node of nodes) {
    const output = (byOp.get(dumpOpName(node.name)) ?? []).map((f) => f.file);
    const input = [...new Set(node.inputs.flatMap((p) => inputFilesOf(p.tensor)))];
    layers.set(node.id, { output, input });
    for (const f of output) copy.add(f);
  }
  for (const e of entering) {
    for (const f of e.files) copy.add(f.file);
    if (e.npu) copy.add(e.npu.file);
  }

  const warnings = [...found.warnings];
  if (copy.size === 0) {
    warnings.push(t('the dump folder {0} holds no dump files of the selected layers or of their inputs', dumpDir));
    return { files: [], layers, warnings };
  }
  const target = path.join(folder, DUMP_DATA);
  await ensureFolder(target);
  const files: string[] = [];
  for (const name of [...copy].sort()) {
    await copyStreamed(fs, path.join(dumpDir, name), path.join(target, name), signal);
    files.push(`${DUMP_DATA}/${name}`);
  }
  for (const [i, e] of entering.entries()) {
    signal?.throwIfAborted();
    const golden = e.files.find((f) => f.file.endsWith('.npy'));
    const npu = golden ? undefined : e.npu;
    if (!golden && !npu) {
      warnings.push(t('no golden .npy holds the input {0}: it is not converted', e.input.name));
      continue;
    }
    const values = golden ? await goldenValues(fs, path.join(dumpDir, golden.file), warnings) : await npuValues(fs, dumpDir, npu!, e.input, warnings);
    if (!values) continue;
    const written = await writeConverted(target, i, e.input, values, path.basename(golden?.file ?? npu!.file), warnings);
    files.push(...written.map((f) => `${DUMP_DATA}/${CONVERTED_INPUTS}/${f}`));
  }
  return { files, layers, warnings };
}

async function copyStreamed(fs: FileAccess, from: string, to: string, signal?: AbortSignal): Promise<void> {
  await withByteSource(fs, from, (source) =>
    writeStreamAtomic(to, async (handle) => {
      for (let pos = 0; pos < source.size; pos += CHUNK) {
        signal?.throwIfAborted();
        await handle.write(await source.read(pos, Math.min(CHUNK, source.size - pos)));
      }
    }),
  );
}

interface InputValues {
  values: Float32Array;
  shape: number[];
}

async function goldenValues(fs: FileAccess, file: string, warnings: string[]): Promise<InputValues | undefined> {
  try {
    const array = readNpy(await fs.readBytes(file, MAX_CONVERTED_BYTES));
    return { values: npyAsFloat32(array), shape: array.shape };
  } catch (e) {
    if (!(e instanceof NpyError)) throw e;
    warnings.push(t('{0} is not converted: {1}', path.basename(file), e.message));
    return undefined;
  }
}

/** The input tensor `npu.index` of an entering layer's NPU dump (or output of the layer feeding it), in NCHW. */
async function npuValues(fs: FileAccess, dumpDir: string, npu: NpuSource, input: RangeTensor, warnings: string[]): Promise<InputValues | undefined> {
  const file = path.join(dumpDir, npu.file);
  // A file that is no NPU dump or is cut short fails the export (ModelFormatError naming it).
  const dump = await readNpuDump(fs, file, MAX_CONVERTED_BYTES);
  const tensors = npu.side === 'input' ? dump.inputs : dump.outputs;
  const tensor = tensors[npu.index];
  if (!tensor) {
    warnings.push(t('{0} holds {1} {2} tensors, none at index {3} for the input {4}: it is not converted', npu.file, tensors.length, npu.side, npu.index, input.name));
    return undefined;
  }
  const data = await readNpuDumpTensor(fs, file, tensor, MAX_CONVERTED_BYTES);
  if (!data) {
    warnings.push(t('{0} is not converted: {1}', npu.file, t('the tensor is over {0} bytes', MAX_CONVERTED_BYTES)));
    return undefined;
  }
  const modelShape = input.shape && input.shape.every((d) => d >= 0) ? input.shape : undefined;
  const values = npuTensorAsNchw(tensor, data, modelShape);
  if (typeof values === 'string') {
    warnings.push(t('{0} is not converted: {1}', npu.file, values));
    return undefined;
  }
  return values;
}

/**
 * One entering tensor's data as `input_{i}_{name}.float32.npy/.bin` and `.float16.npy/.bin`:
 * in the tensor's shape when the counts agree (a dump may store it flat), else the dump's own.
 */
async function writeConverted(target: string, i: number, input: RangeTensor, source: InputValues, sourceName: string, warnings: string[]): Promise<string[]> {
  const { values } = source;
  let shape = source.shape;
  const modelShape = input.shape && input.shape.every((d) => d >= 0) ? input.shape : undefined;
  if (modelShape) {
    if (modelShape.reduce((a, b) => a * b, 1) === values.length) shape = [...modelShape];
    else warnings.push(t('{0} holds {1} values but the input {2} takes shape [{3}]: converted in the dump\'s shape', sourceName, values.length, input.name, modelShape.join(', ')));
  }
  const dir = path.join(target, CONVERTED_INPUTS);
  await ensureFolder(dir);
  const stem = `input_${i}_${dumpOpName(input.name)}`;
  const f32 = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const half = float32ToFloat16Bits(values);
  const f16 = new Uint8Array(half.buffer, half.byteOffset, half.byteLength);
  const outputs: [string, Uint8Array][] = [
    [`${stem}.float32.npy`, encodeNpy('<f4', shape, f32)],
    [`${stem}.float32.bin`, f32],
    [`${stem}.float16.npy`, encodeNpy('<f2', shape, f16)],
    [`${stem}.float16.bin`, f16],
  ];
  for (const [name, bytes] of outputs) await writeFileAtomic(path.join(dir, name), bytes);
  return outputs.map(([name]) => name);
}
