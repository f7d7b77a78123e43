// A weight's min, max, mean, standard deviation and histogram, for the details panel. The tensor
// is walked in pieces through its store (never the whole weights file, nor a whole large tensor,
// in memory): a first pass for count, range, mean and variance (Welford, so large tensors do not
// lose the variance to rounding), a second for the histogram over the range the first found.
// NaN and ±Inf are counted apart and left out of the figures.

import { t } from '../l10n';
import type { WeightStore } from '../model';

export const HISTOGRAM_BINS = 32;
/** A multiple of every element size (as any chunkBytes must be), so no element straddles two pieces. */
const CHUNK_BYTES = 1 << 20;

export interface WeightStatistics {
  dtype: string;
  /** Elements in the tensor, NaN and Inf included. */
  count: number;
  nan: number;
  posInf: number;
  negInf: number;
  /** Over the finite values; null when there are none. */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Population standard deviation. */
  std: number | null;
  /** `bins` equal-width bins from min to max (the last one closed); empty when there are no finite values. */
  histogram: number[];
}

type Decode = (view: DataView, index: number) => number;

const DECODERS: Record<string, { bytes: number; decode: Decode }> = {
  float32: { bytes: 4, decode: (v, i) => v.getFloat32(i * 4, true) },
  float64: { bytes: 8, decode: (v, i) => v.getFloat64(i * 8, true) },
  float16: { bytes: 2, decode: (v, i) => halfToNumber(v.getUint16(i * 2, true)) },
  int8: { bytes: 1, decode: (v, i) => v.getInt8(i) },
  uint8: { bytes: 1, decode: (v, i) => v.getUint8(i) },
  bool: { bytes: 1, decode: (v, i) => v.getUint8(i) },
  int16: { bytes: 2, decode: (v, i) => v.getInt16(i * 2, true) },
  int32: { bytes: 4, decode: (v, i) => v.getInt32(i * 4, true) },
  int64: { bytes: 8, decode: (v, i) => Number(v.getBigInt64(i * 8, true)) },
  uint64: { bytes: 8, decode: (v, i) => Number(v.getBigUint64(i * 8, true)) },
};

export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

export function hasStatistics(dtype: string): boolean {
  return dtype in DECODERS;
}

async function forEachValue(store: WeightStore, key: string, chunkBytes: number, bytes: number, decode: Decode, fn: (x: number) => void): Promise<void> {
  const pieces: AsyncIterable<Uint8Array> = store.readChunks
    ? store.readChunks(key, chunkBytes)
    : (async function* () { yield await store.read(key); })();
  for await (const piece of pieces) {
    const view = new DataView(piece.buffer, piece.byteOffset, piece.byteLength);
    const n = Math.floor(piece.byteLength / bytes);
    for (let i = 0; i < n; i++) fn(decode(view, i));
  }
}

/** The figures for the tensor `key` of `store`; throws for a dtype it cannot read. */
export async function weightStatistics(store: WeightStore, key: string, options: { bins?: number; chunkBytes?: number } = {}): Promise<WeightStatistics> {
  const bins = options.bins ?? HISTOGRAM_BINS;
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const entry = store.get(key);
  if (!entry) throw new Error(t('no tensor {0} in the loaded weights', key));
  const codec = DECODERS[entry.dtype];
  if (!codec) throw new Error(t('statistics cannot be computed for {0} values', entry.dtype));
  let count = 0, nan = 0, posInf = 0, negInf = 0, finite = 0;
  let min = Infinity, max = -Infinity, mean = 0, m2 = 0;
  await forEachValue(store, key, chunkBytes, codec.bytes, codec.decode, (x) => {
    count++;
    if (Number.isNaN(x)) nan++;
    else if (x === Infinity) posInf++;
    else if (x === -Infinity) negInf++;
    else {
      finite++;
      if (x < min) min = x;
      if (x > max) max = x;
      const delta = x - mean;
      mean += delta / finite;
      m2 += delta * (x - mean);
    }
  });
  const histogram: number[] = [];
  if (finite > 0) {
    histogram.length = bins;
    histogram.fill(0);
    const width = (max - min) / bins;
    await forEachValue(store, key, chunkBytes, codec.bytes, codec.decode, (x) => {
      if (!Number.isFinite(x)) return;
      // All values equal: one full bin. Otherwise the max falls in the last bin, not past it.
      const bin = width > 0 ? Math.max(0, Math.min(bins - 1, Math.floor((x - min) / width))) : 0;
      histogram[bin]++;
    });
  }
  const some = finite > 0;
  return {
    dtype: entry.dtype, count, nan, posInf, negInf,
    min: some ? min : null, max: some ? max : null, mean: some ? mean : null, std: some ? Math.sqrt(m2 / finite) : null,
    histogram,
  };
}
