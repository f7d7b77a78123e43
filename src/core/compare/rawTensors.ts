// Raw tensor files with no header: bmrt_test's input_ref_data.dat / output_ref_data.dat and the
// BMRT_SAVE_IO_TENSORS files, `numpy.tofile` .bin files. They are the tensors of a model's
// inputs or outputs concatenated in model order, so the model (or `bm_model.bin --info`) says
// where each one starts: its shape and dtype.

import { atByte, ModelFormatError } from '../errors';
import { npyItemSize } from '../cut/npy';
import type { FileAccess } from '../io/fileAccess';
import { t } from '../l10n';
import { elementCount, storedTensor, type TensorSource } from './tensorSource';

export interface RawTensorSpec {
  name: string;
  shape: number[];
  /** numpy's name (`float32`, `int8` …); the model's own spelling is accepted too (`FLOAT32`, `fp16`). */
  dtype: string;
}

const DESCRS: Record<string, string> = {
  float32: '<f4', fp32: '<f4', float: '<f4', float16: '<f2', fp16: '<f2', half: '<f2', float64: '<f8', double: '<f8',
  int8: '|i1', uint8: '|u1', int16: '<i2', uint16: '<u2', int32: '<i4', uint32: '<u4', int64: '<i8', uint64: '<u8', bool: '|b1',
};

/** The numpy descr of a dtype as models and tools spell it, or undefined. */
export function descrOf(dtype: string): string | undefined {
  return DESCRS[dtype.toLowerCase().replace(/^dt_/, '')];
}

export interface RawTensor {
  name: string;
  tensor: TensorSource;
}

/** The tensors of `file`, cut by `specs` in order; a ModelFormatError when the sizes do not add up to the file's. */
export async function rawTensors(fs: FileAccess, file: string, specs: readonly RawTensorSpec[]): Promise<RawTensor[]> {
  const size = (await fs.stat(file)).size;
  const out: RawTensor[] = [];
  let at = 0;
  for (const spec of specs) {
    const descr = descrOf(spec.dtype);
    if (!descr) throw new ModelFormatError(file, atByte(at), t('the tensor {0} has dtype {1}, which is not read from raw files', spec.name, spec.dtype));
    if (spec.shape.some((d) => !(d >= 0))) throw new ModelFormatError(file, atByte(at), t('the tensor {0} has no fixed shape ([{1}]): a raw file cannot be split', spec.name, spec.shape.join(', ')));
    const bytes = elementCount(spec.shape) * npyItemSize(descr);
    if (at + bytes > size) throw new ModelFormatError(file, atByte(size), t('the file ends inside the tensor {0}, which takes bytes {1} to {2}: it is cut short or holds other tensors', spec.name, at, at + bytes));
    out.push({ name: spec.name, tensor: storedTensor(fs, file, at, descr, [...spec.shape]) });
    at += bytes;
  }
  if (at !== size) throw new ModelFormatError(file, atByte(at), t('the file holds {0} bytes but its tensors take {1}: the shapes or dtypes given do not match it', size, at));
  return out;
}
