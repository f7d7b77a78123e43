// One serialized LoDTensor as Paddle writes it (SerializeToStream in lod_tensor.cc, then
// TensorToStream in tensor_util.cc), all little-endian:
//   uint32 version (0) | uint64 lod_level | per level: uint64 byte size + offsets |
//   uint32 tensor version (0) | int32 desc size | TensorDesc protobuf | raw data (numel × dtype size)
// Only the header is read; the data is located, never loaded. Every length is checked against
// what is left of the file first, so a corrupt header cannot make us allocate or seek wildly.

import { ModelFormatError, atByte } from '../../errors';
import { t } from '../../l10n';
import type { ByteSource } from '../../io/byteSource';
import { dtypeBytes, dtypeName } from './dtypes';
import { ProtoDecodeError, TensorDescType, decodePlain } from './protoCodec';
import type { TensorDesc } from './programTypes';

/** Paddle's LoD has a handful of levels at most; anything past this is a corrupt count. */
const MAX_LOD_LEVELS = 64;
/** A TensorDesc is a type and a few dims; a bigger one is a corrupt size. */
const MAX_DESC_BYTES = 64 * 1024;
const HEADER_WINDOW = 256;

export interface TensorRecord {
  /** Where the record starts (its first version field). */
  recordOffset: number;
  lodLevels: number;
  dataType: number;
  dtype: string;
  dims: number[];
  /** Where the raw data starts, and its length; the record ends at dataOffset + byteLength. */
  dataOffset: number;
  byteLength: number;
}

export async function readTensorRecord(source: ByteSource, at: number): Promise<TensorRecord> {
  const file = source.path;
  const fail = (offset: number, detail: string): never => {
    throw new ModelFormatError(file, atByte(offset), detail);
  };
  let pos = at;
  // A record header is usually well under HEADER_WINDOW bytes: one read covers all of it.
  let window: Uint8Array = new Uint8Array(0);
  let windowStart = at;
  // `what` names the part being read, for the message; only called when a read fails.
  const take = async (count: number, what: () => string): Promise<DataView> => {
    if (pos + count > source.size) fail(pos, t('the file ends inside a tensor record ({0} needs {1} bytes, {2} left): truncated or not a Paddle parameter file', what(), count, source.size - pos));
    if (pos < windowStart || pos + count > windowStart + window.length) {
      windowStart = pos;
      window = await source.readCached(pos, Math.max(count, HEADER_WINDOW));
      if (window.length < count) fail(pos, t('the file ends inside a tensor record ({0})', what()));
    }
    const from = pos - windowStart;
    pos += count;
    return new DataView(window.buffer, window.byteOffset + from, count);
  };

  const head = await take(12, () => t('the LoDTensor header'));
  const version = head.getUint32(0, true);
  if (version !== 0) fail(at, t('unsupported LoDTensor version {0} (Paddle writes 0): not a Paddle parameter record', version));
  const lodLevels = head.getBigUint64(4, true);
  if (lodLevels > BigInt(MAX_LOD_LEVELS)) fail(at + 4, t('LoD level count {0} is not plausible: corrupt or not a Paddle parameter file', String(lodLevels)));
  for (let level = 0; level < Number(lodLevels); level++) {
    const sizeAt = pos;
    const size = (await take(8, () => t('LoD level {0} size', level))).getBigUint64(0, true);
    if (size > BigInt(source.size - pos)) fail(sizeAt, t('LoD level {0} claims {1} bytes, more than the {2} left in the file', level, String(size), source.size - pos));
    pos += Number(size);
  }
  const tensorHeaderAt = pos;
  const tensorHead = await take(8, () => t('the tensor header'));
  const tensorVersion = tensorHead.getUint32(0, true);
  if (tensorVersion !== 0) fail(tensorHeaderAt, t('unsupported tensor version {0} (Paddle writes 0): corrupt or not a Paddle parameter record', tensorVersion));
  const descSize = tensorHead.getInt32(4, true);
  if (descSize <= 0 || descSize > MAX_DESC_BYTES) fail(tensorHeaderAt + 4, t('tensor description size {0} is not plausible: corrupt or not a Paddle parameter file', descSize));
  const descAt = pos;
  const descView = await take(descSize, () => t('the tensor description'));
  let desc: TensorDesc;
  try {
    desc = decodePlain<TensorDesc>(TensorDescType, new Uint8Array(descView.buffer, descView.byteOffset, descView.byteLength));
  } catch (e) {
    if (!(e instanceof ProtoDecodeError)) throw e;
    return fail(descAt + e.offset, t('cannot decode the tensor description: {0}', e.reason));
  }
  const elementBytes = dtypeBytes(desc.data_type);
  const dtype = dtypeName(desc.data_type);
  if (elementBytes === undefined || dtype === undefined) return fail(descAt, t('tensor element type {0} is not one Paddle stores in parameter files', desc.data_type));
  let numel = 1n;
  const dims = (desc.dims ?? []).map(Number);
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) return fail(descAt, t('tensor dimension {0} is not a valid size: corrupt parameter record', d));
    numel *= BigInt(d);
  }
  const byteLength = numel * BigInt(elementBytes);
  const left = BigInt(source.size - pos);
  if (byteLength > left) {
    fail(pos, t('the tensor [{0}] {1} needs {2} bytes of data but only {3} are left: truncated or corrupt parameter file', dims.join(', '), dtype, String(byteLength), String(left)));
  }
  return { recordOffset: at, lodLevels: Number(lodLevels), dataType: desc.data_type, dtype, dims, dataOffset: pos, byteLength: Number(byteLength) };
}
