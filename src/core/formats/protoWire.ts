// Protobuf wire-format framing (tags, varints, lengths), shared by both frameworks: the caffemodel
// index walks a file's framing to find layers and blobs without decoding them, the Paddle reader
// walks a program's top level to say which part of a cut-off file is missing, the Paddle writer
// reorders a program's top-level fields, and the caffemodel settings decoder names unknown
// fields. Messages themselves are decoded by protobufjs; this file never builds one.
//
// Varints are read as two 32-bit halves because Caffe's int64/uint64 fields and a damaged
// length can exceed 2^53, where a single JavaScript number stops being exact.

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH = 2;
export const WIRE_FIXED32 = 5;

/** A varint read from `bytes` at `pos`: low and high 32 bits and the offset after it. */
export interface Varint {
  lo: number;
  hi: number;
  next: number;
}

/** Reads a varint ending before `limit`; undefined when the bytes run out first (a truncated file) or it is over 10 bytes. */
export function readVarint(bytes: Uint8Array, pos: number, limit: number): Varint | undefined {
  let lo = 0;
  let hi = 0;
  let shift = 0;
  for (let i = 0; i < 10; i++) {
    if (pos >= limit) return undefined;
    const b = bytes[pos++];
    if (shift < 28) lo |= (b & 0x7f) << shift;
    else if (shift === 28) {
      lo |= (b & 0x0f) << 28;
      hi |= (b & 0x7f) >> 4;
    } else hi |= (b & 0x7f) << (shift - 32);
    shift += 7;
    if ((b & 0x80) === 0) return { lo: lo >>> 0, hi: hi >>> 0, next: pos };
  }
  return undefined;
}

/** A varint as a non-negative number (lengths, tags); precise up to 2^53. */
export function varintNumber(v: Varint): number {
  return v.hi * 4294967296 + v.lo;
}
