// One tensor of a file read whole, for views that need every value (a histogram, a scatter of
// NPU against golden): an .npy, an .npz array, an NPU dump output (in NCHW), or a raw file as
// flat float32. Comparisons never come here: they stream (compareTensors.ts).

import { ModelFormatError, wholeFile } from '../errors';
import type { FileAccess } from '../io/fileAccess';
import { t } from '../l10n';
import { tensorReaderFor } from './tensorReaders';

export interface WholeTensor {
  shape: number[];
  dtype: string;
  data: Float32Array;
}

export interface ReadTensorOptions {
  /** The real channel count, for an NC1HWC0 dump whose last channel block is padded. */
  channels?: number;
  /** Which tensor of the file: an NPU op's output index, an .npz array's position. Default 0. */
  outputIndex?: number;
}

export async function readWholeTensor(fs: FileAccess, file: string, opts: ReadTensorOptions = {}): Promise<WholeTensor> {
  const reader = await tensorReaderFor(fs, file);
  if (!reader) throw new ModelFormatError(file, wholeFile, t('not an NPU dump file, .npy, .npz or raw tensor file (.bin, .dat)'));
  const index = opts.outputIndex ?? 0;
  const tensors = await reader.read(fs, file, { channelsOf: () => opts.channels });
  const found = tensors.find((x) => x.index === index);
  if (!found) throw new ModelFormatError(file, wholeFile, t('the file holds {0} tensors, none at index {1}', tensors.length, index));
  if (typeof found.tensor === 'string') throw new ModelFormatError(file, wholeFile, found.tensor);
  const source = found.tensor;
  const data = new Float32Array(source.count);
  let at = 0;
  for await (const piece of source.chunks()) {
    data.set(piece.subarray(0, Math.min(piece.length, data.length - at)), at);
    at += piece.length;
  }
  return { shape: source.shape, dtype: source.dtype, data };
}
