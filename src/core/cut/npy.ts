// NumPy's .npy format, as golden dump data comes: read a header and its values as float32, and
// write float32 or float16 arrays back, so an entering tensor's golden data can be handed to an
// offline model as `.npy` and raw `.bin` (the Ascend guide's shape_conversion.py and
// numpy.tofile steps). Only the little-endian, C-order arrays numpy writes by default are read.

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export interface NpyArray {
  /** numpy's descr, e.g. `<f4`. */
  descr: string;
  shape: number[];
  fortranOrder: boolean;
  /** The raw element bytes. */
  data: Uint8Array;
}

/** Why an .npy cannot be read; a string so the caller can word it as a warning. */
export class NpyError extends Error {
  override readonly name = 'NpyError';
}

export function readNpy(bytes: Uint8Array): NpyArray {
  const header = readNpyHeader(bytes);
  const { descr, shape, fortranOrder, dataStart } = header;
  const count = shape.reduce((a, b) => a * b, 1);
  if (dataStart + count * header.itemSize > bytes.length) throw new NpyError('the values run past the end of the file');
  return { descr, shape, fortranOrder, data: bytes.subarray(dataStart, dataStart + count * header.itemSize) };
}

/** An .npy header without its values: where they start, so a big array can be read in pieces. */
export interface NpyHeader {
  descr: string;
  shape: number[];
  fortranOrder: boolean;
  /** Byte offset of the first value. */
  dataStart: number;
  itemSize: number;
}

/** The header of the .npy whose first bytes are `bytes` (at least the whole header). */
export function readNpyHeader(bytes: Uint8Array): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpyError('not an .npy file');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new NpyError('the header runs past the end of the file');
  const header = new TextDecoder().decode(bytes.subarray(headerStart, dataStart));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new NpyError('the header has no descr, fortran_order or shape');
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new NpyError(`bad shape (${shapeText})`);
  return { descr, shape, fortranOrder: fortran === 'True', dataStart, itemSize: npyItemSize(descr) };
}

const SIZES: Record<string, number> = { f2: 2, f4: 4, f8: 8, i1: 1, u1: 1, b1: 1, i2: 2, u2: 2, i4: 4, u4: 4, i8: 8, u8: 8 };

/** Bytes per element of a little-endian numeric descr; NpyError for any other. */
export function npyItemSize(descr: string): number {
  const size = SIZES[descr.slice(1)];
  if (size === undefined || !'<|='.includes(descr[0])) throw new NpyError(`element type ${descr} is not read (little-endian numbers only)`);
  return size;
}

/** The values as float32, in C order. */
export function npyAsFloat32(array: NpyArray): Float32Array {
  if (array.fortranOrder) throw new NpyError('Fortran-ordered arrays are not converted');
  const { data } = array;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const kind = array.descr.slice(1);
  const size = npyItemSize(array.descr);
  const count = data.byteLength / size;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * size;
    switch (kind) {
      case 'f2': out[i] = float16ToNumber(view.getUint16(at, true)); break;
      case 'f4': out[i] = view.getFloat32(at, true); break;
      case 'f8': out[i] = view.getFloat64(at, true); break;
      case 'i1': out[i] = view.getInt8(at); break;
      case 'u1': case 'b1': out[i] = view.getUint8(at); break;
      case 'i2': out[i] = view.getInt16(at, true); break;
      case 'u2': out[i] = view.getUint16(at, true); break;
      case 'i4': out[i] = view.getInt32(at, true); break;
      case 'u4': out[i] = view.getUint32(at, true); break;
      case 'i8': out[i] = Number(view.getBigInt64(at, true)); break;
      case 'u8': out[i] = Number(view.getBigUint64(at, true)); break;
    }
  }
  return out;
}

/** IEEE half-precision bits, rounded to nearest even, as numpy's astype(float16) does. */
export function float32ToFloat16Bits(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i];
    const x = u32[0];
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0);
      continue;
    }
    const e = exp - 127 + 15;
    if (e >= 0x1f) {
      out[i] = sign | 0x7c00;
      continue;
    }
    if (e <= 0) {
      if (e < -10) {
        out[i] = sign;
        continue;
      }
      mant |= 0x800000;
      const shift = 14 - e;
      let half = mant >>> shift;
      const rest = mant & ((1 << shift) - 1);
      const halfway = 1 << (shift - 1);
      if (rest > halfway || (rest === halfway && half & 1)) half++;
      out[i] = sign | half;
      continue;
    }
    let half = (e << 10) | (mant >>> 13);
    const rest = mant & 0x1fff;
    // A carry out of the mantissa rounds into the exponent, up to infinity: that is right.
    if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
    out[i] = sign | half;
  }
  return out;
}

export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** An .npy (format 1.0) holding `data` as `descr` (`<f4`, `<f2`) in C order. */
export function encodeNpy(descr: string, shape: readonly number[], data: Uint8Array): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // numpy pads the header with spaces and a newline so the values start on a 64-byte boundary.
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}
