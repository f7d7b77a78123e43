// Two tensor sources walked side by side through TensorMetrics: their pieces rarely end at the
// same element (a dump's channel blocks against an .npy's file pieces), so the overlap of the
// current pieces is handed over each time. The next piece of each side is read while the current
// ones are summed. A tensor that fits in one piece is read once for both passes; a bigger one is
// read twice (KL needs each side's min and max before its sums).

import { TensorMetrics, type NpzTolerances, type TensorMetricValues } from './tensorMetrics';
import type { TensorSource } from './tensorSource';

/** Up to this many elements a tensor pair is held whole for the second pass instead of read again. */
const HELD_ELEMENTS = 4 * 1024 * 1024;

/**
 * The arrays a comparison run holds tensors in, reused from one tensor to the next: pieces read
 * are copied in, so a run of a thousand tensors does not leave a thousand arrays to the garbage
 * collector (which, on a busy machine, lets them pile up to hundreds of megabytes).
 */
export class HeldBuffers {
  private readonly arrays: Float32Array[] = [new Float32Array(0), new Float32Array(0)];

  take(side: 0 | 1, count: number): Float32Array {
    if (this.arrays[side].length < count) this.arrays[side] = new Float32Array(count);
    return this.arrays[side].subarray(0, count);
  }
}

export interface CompareSourcesOptions {
  tolerances?: NpzTolerances;
  /** Moves the line between held and read twice (tests walk both ways on small data). */
  heldElements?: number;
  buffers?: HeldBuffers;
}

export async function compareSources(npu: TensorSource, golden: TensorSource, options: CompareSourcesOptions = {}): Promise<TensorMetricValues> {
  const metrics = new TensorMetrics(npu.dtype, npu.shape.length === 0);
  if (npu.count <= (options.heldElements ?? HELD_ELEMENTS)) {
    // Read once, summed twice from memory.
    const buffers = options.buffers ?? new HeldBuffers();
    const a = await readInto(npu, buffers.take(0, npu.count));
    const b = await readInto(golden, buffers.take(1, golden.count));
    metrics.add(a, b);
    metrics.addSecondPass(a, b);
  } else {
    await walkPair(npu, golden, (x, y) => metrics.add(x, y));
    await walkPair(npu, golden, (x, y) => metrics.addSecondPass(x, y));
  }
  return metrics.result(options.tolerances);
}

/** The source's values copied into `into` (as many as fit). */
async function readInto(source: TensorSource, into: Float32Array): Promise<Float32Array> {
  let at = 0;
  for await (const piece of source.chunks()) {
    const take = Math.min(piece.length, into.length - at);
    into.set(piece.subarray(0, take), at);
    at += take;
  }
  return into.subarray(0, at);
}

/** Calls `fn` with equal-length runs of both sides, in order, until either ends. */
export async function walkPair(left: TensorSource, right: TensorSource, fn: (a: Float32Array, b: Float32Array) => void): Promise<void> {
  const ia = left.chunks()[Symbol.asyncIterator]();
  const ib = right.chunks()[Symbol.asyncIterator]();
  let nextA = ia.next();
  let nextB = ib.next();
  let a: Float32Array = new Float32Array(0);
  let b: Float32Array = new Float32Array(0);
  let oa = 0;
  let ob = 0;
  try {
    for (;;) {
      if (oa === a.length) {
        const r = await nextA;
        if (r.done) return;
        a = r.value;
        oa = 0;
        nextA = ia.next();
      }
      if (ob === b.length) {
        const r = await nextB;
        if (r.done) return;
        b = r.value;
        ob = 0;
        nextB = ib.next();
      }
      const m = Math.min(a.length - oa, b.length - ob);
      fn(a.subarray(oa, oa + m), b.subarray(ob, ob + m));
      oa += m;
      ob += m;
    }
  } finally {
    // Close both files, and let a read already under way settle rather than fail unheard.
    await Promise.allSettled([nextA, nextB]);
    await Promise.allSettled([ia.return?.(), ib.return?.()]);
  }
}
