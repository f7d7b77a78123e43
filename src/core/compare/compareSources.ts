// Two tensor sources walked side by side through TensorMetrics: their pieces rarely end at the
// same element (a dump's channel blocks against an .npy's file pieces), so the overlap of the
// current pieces is handed over each time. The next piece of each side is read while the current
// ones are summed. A tensor that fits in one piece is read once for both passes; a bigger one is
// read twice (KL needs each side's min and max before its sums).

import { TensorMetrics, type NpzTolerances, type TensorMetricValues } from './tensorMetrics';
import type { TensorSource } from './tensorSource';

/** Up to this many elements a tensor pair is held whole for the second pass instead of read again. */
const HELD_ELEMENTS = 4 * 1024 * 1024;

/** `heldElements` moves the line between held and read twice (tests walk both ways on small data). */
export async function compareSources(npu: TensorSource, golden: TensorSource, tolerances?: NpzTolerances, heldElements = HELD_ELEMENTS): Promise<TensorMetricValues> {
  const metrics = new TensorMetrics(npu.dtype, npu.shape.length === 0);
  if (npu.count <= heldElements) {
    const a = await whole(npu);
    const b = await whole(golden);
    metrics.add(a, b);
    metrics.addSecondPass(a, b);
  } else {
    await walkPair(npu, golden, (a, b) => metrics.add(a, b));
    await walkPair(npu, golden, (a, b) => metrics.addSecondPass(a, b));
  }
  return metrics.result(tolerances);
}

async function whole(source: TensorSource): Promise<Float32Array> {
  const pieces: Float32Array[] = [];
  for await (const piece of source.chunks()) pieces.push(piece);
  if (pieces.length === 1) return pieces[0];
  const out = new Float32Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
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
