// One tensor to compare, whatever file it lives in: its shape and dtype, and its values as
// float32 in C order of that shape (NCHW for a device layout already converted), handed out a
// piece at a time. The metrics walk two of these side by side, so a 1 GB tensor is compared
// with only a few megabytes of it in memory.

import { atByte, ModelFormatError } from '../errors';
import { float16ToNumber, npyAsFloat32, npyItemSize } from '../cut/npy';
import type { FileAccess } from '../io/fileAccess';
import { t } from '../l10n';

export interface TensorSource {
  /** The file the values are read from. */
  file: string;
  shape: number[];
  /** numpy's name of the stored type: `float32`, `float16`, `int8` … */
  dtype: string;
  /** The element count (the product of `shape`). */
  count: number;
  /**
   * The values in order, a piece at a time. A piece stays valid while the next one is read (so
   * one can be read ahead) but may be overwritten after that: copy what you keep.
   */
  chunks(): AsyncIterable<Float32Array>;
}

/** Bytes read at once from a file: big enough for few reads, small enough for flat memory. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

const DTYPE_NAMES: Record<string, string> = { f2: 'float16', f4: 'float32', f8: 'float64', i1: 'int8', u1: 'uint8', b1: 'bool', i2: 'int16', u2: 'uint16', i4: 'int32', u4: 'uint32', i8: 'int64', u8: 'uint64' };

/** numpy's dtype name for a descr (`<f4` → `float32`). */
export function dtypeName(descr: string): string {
  return DTYPE_NAMES[descr.slice(1)] ?? descr;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

let halfTable: Float32Array | undefined;

/** `bytes` (whole elements of `descr`) as float32; float32 and float16, the common cases, without a per-element DataView. */
export function decodeValues(descr: string, bytes: Uint8Array): Float32Array {
  const kind = descr.slice(1);
  if (kind === 'f4') {
    if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    return new Float32Array(bytes.slice().buffer);
  }
  if (kind === 'f2') {
    if (!halfTable) {
      halfTable = new Float32Array(65536);
      for (let i = 0; i < 65536; i++) halfTable[i] = float16ToNumber(i);
    }
    const n = bytes.byteLength / 2;
    const out = new Float32Array(n);
    const table = halfTable;
    for (let i = 0, j = 0; i < n; i++, j += 2) out[i] = table[bytes[j] | (bytes[j + 1] << 8)];
    return out;
  }
  return npyAsFloat32({ descr, shape: [bytes.byteLength / npyItemSize(descr)], fortranOrder: false, data: bytes });
}

/**
 * Raw bytes, however they arrive (file pieces, an inflating zip entry), as values of `descr`
 * cut at element boundaries: `count` of them, else a ModelFormatError naming `file` and the
 * byte (`start` is where the values begin in it) where they stop.
 */
export async function* valuesOf(bytes: AsyncIterable<Uint8Array>, descr: string, count: number, file: string, start: number): AsyncGenerator<Float32Array> {
  const size = npyItemSize(descr);
  let left = count * size;
  let carry = new Uint8Array(0);
  for await (const piece of bytes) {
    if (left <= 0) break;
    let data = piece.subarray(0, Math.min(piece.length, left - carry.length));
    if (carry.length > 0) {
      const joined = new Uint8Array(carry.length + data.length);
      joined.set(carry);
      joined.set(data, carry.length);
      data = joined;
    }
    const whole = data.length - (data.length % size);
    carry = data.slice(whole);
    if (whole > 0) {
      left -= whole;
      yield decodeValues(descr, data.subarray(0, whole));
    }
  }
  if (left > 0) throw new ModelFormatError(file, atByte(start + count * size - left), t('the tensor\'s values ({0} bytes) run past the end of the data: it is cut short', count * size));
}

/**
 * `byteLength` bytes of `file` from `offset`, a piece at a time, the file open once. Two buffers
 * take turns when the file can read into them: a piece lives while the next is read.
 */
export async function* fileBytes(fs: FileAccess, file: string, offset: number, byteLength: number): AsyncGenerator<Uint8Array> {
  const open = await fs.open(file);
  const size = Math.min(CHUNK_BYTES, byteLength);
  const buffers = open.readInto ? [new Uint8Array(size), new Uint8Array(size)] : [];
  try {
    for (let done = 0, turn = 0; done < byteLength; turn ^= 1) {
      const want = Math.min(CHUNK_BYTES, byteLength - done);
      let piece: Uint8Array;
      if (open.readInto) {
        const target = buffers[turn].subarray(0, want);
        piece = target.subarray(0, await open.readInto(offset + done, target));
      } else piece = await open.read(offset + done, want);
      if (piece.length === 0) return;
      done += piece.length;
      yield piece;
    }
  } finally {
    await open.close();
  }
}

/** A tensor stored as plain values at `offset` of `file` (an .npy's data, a stored .npz entry, a slice of a raw .bin). */
export function storedTensor(fs: FileAccess, file: string, offset: number, descr: string, shape: number[]): TensorSource {
  const count = elementCount(shape);
  return {
    file,
    shape,
    dtype: dtypeName(descr),
    count,
    chunks: () => valuesOf(fileBytes(fs, file, offset, count * npyItemSize(descr)), descr, count, file, offset),
  };
}
