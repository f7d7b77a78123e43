// The output tensors of an Ascend NPU dump file (../shared/toolchains.md §7.5, read by
// cut/npuDump.ts) as tensor sources in NCHW: ND and NCHW as stored, NHWC an image at a time,
// NC1HWC0 a channel block at a time (deviceLayout.ts), so even a big activation streams.

import { FORMAT_NC1HWC0, FORMAT_NCHW, FORMAT_ND, FORMAT_NHWC, npuDtypeDescr, readNpuDump, type NpuDumpTensor } from '../cut/npuDump';
import { npyItemSize } from '../cut/npy';
import type { FileAccess } from '../io/fileAccess';
import { t } from '../l10n';
import { nc1hwc0BlockToNchw, nc1hwc0Channels, nhwcImageToNchw } from './deviceLayout';
import { decodeValues, dtypeName, elementCount, fileBytes, valuesOf, type TensorSource } from './tensorSource';

/** A version 1 dump (bytes inline) bigger than this is not read whole. */
const MAX_INLINE_BYTES = 256 * 1024 * 1024;
const LAYOUT_NAMES: Record<number, string> = { [FORMAT_NCHW]: 'NCHW', [FORMAT_NHWC]: 'NHWC', [FORMAT_ND]: 'ND', [FORMAT_NC1HWC0]: 'NC1HWC0' };

export interface NpuDumpOutputs {
  opName: string;
  /** One per output; a string says why that output cannot be compared (a layout or type not converted). */
  outputs: (TensorSource | string)[];
}

/**
 * The outputs of the dump `file`. `channelsOf(k)` gives output k's real channel count (from the
 * golden tensor or the model) for NC1HWC0, whose last channel block is padded.
 */
export async function npuDumpOutputs(fs: FileAccess, file: string, channelsOf: (index: number) => number | undefined = () => undefined): Promise<NpuDumpOutputs> {
  const dump = await readNpuDump(fs, file, MAX_INLINE_BYTES);
  return { opName: dump.opName, outputs: dump.outputs.map((tensor, k) => npuTensorSource(fs, file, tensor, channelsOf(k))) };
}

export function layoutName(format: number): string {
  return LAYOUT_NAMES[format] ?? `format ${format}`;
}

function npuTensorSource(fs: FileAccess, file: string, tensor: NpuDumpTensor, channels: number | undefined): TensorSource | string {
  const descr = npuDtypeDescr(tensor.dataType);
  if (!descr) return t('data type {0} of the dump is not compared', tensor.dataType);
  const stored = tensor.shape;
  const count = elementCount(stored);
  if (count * npyItemSize(descr) !== tensor.size) return t('the dump gives shape [{0}] but holds {1} bytes', stored.join(', '), tensor.size);
  const raw = (): AsyncGenerator<Float32Array> =>
    tensor.inline ? inlineValues(descr, tensor.inline) : valuesOf(fileBytes(fs, file, tensor.offset ?? 0, tensor.size), descr, count, file, tensor.offset ?? 0);
  const base = { file, dtype: dtypeName(descr) };
  switch (tensor.format) {
    case FORMAT_NCHW:
    case FORMAT_ND:
      return { ...base, shape: [...stored], count, chunks: raw };
    case FORMAT_NHWC: {
      if (stored.length !== 4) return { ...base, shape: [...stored], count, chunks: raw };
      const [n, h, w, c] = stored;
      const chunks = () => {
        const outs = twoBuffers(h * w * c);
        return regroup(raw(), h * w * c, (image) => nhwcImageToNchw(image, h, w, c, outs()));
      };
      return { ...base, shape: [n, c, h, w], count, chunks };
    }
    case FORMAT_NC1HWC0: {
      if (stored.length !== 5) return t('an NC1HWC0 tensor of shape [{0}] is not 5-dimensional', stored.join(', '));
      const [n, c1, h, w, c0] = stored;
      const c = nc1hwc0Channels(c1, c0, channels);
      const chunks = () => {
        const outs = twoBuffers(c0 * h * w);
        let k1 = 0;
        return regroup(raw(), h * w * c0, (values) => {
          const lanes = Math.min(c0, c - k1 * c0);
          k1 = (k1 + 1) % c1;
          return lanes > 0 ? nc1hwc0BlockToNchw(values, h, w, c0, lanes, outs().subarray(0, lanes * h * w)) : undefined;
        });
      };
      return { ...base, shape: [n, c, h, w], count: n * c * h * w, chunks };
    }
    default:
      return t('layout {0} of the dump is not compared (NCHW, NHWC, ND and NC1HWC0 are)', layoutName(tensor.format));
  }
}

/** Two arrays handed out in turn: a converted piece lives while the next is made (TensorSource's rule). */
function twoBuffers(size: number): () => Float32Array {
  const buffers = [new Float32Array(size), new Float32Array(size)];
  let turn = 0;
  return () => buffers[(turn ^= 1)];
}

async function* inlineValues(descr: string, bytes: Uint8Array): AsyncGenerator<Float32Array> {
  yield decodeValues(descr, bytes);
}

/** Values cut into groups of `size` (an image, a channel block), each handed to `convert`. */
async function* regroup(values: AsyncIterable<Float32Array>, size: number, convert: (group: Float32Array) => Float32Array | undefined): AsyncGenerator<Float32Array> {
  const group = new Float32Array(size);
  let filled = 0;
  for await (const piece of values) {
    for (let at = 0; at < piece.length; ) {
      const take = Math.min(size - filled, piece.length - at);
      group.set(piece.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === size) {
        filled = 0;
        const out = convert(group);
        if (out) yield out;
      }
    }
  }
}
