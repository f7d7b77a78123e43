// One array per distinct shape. A deep net repeats a handful of shapes across hundreds of
// thousands of tensors; the shape rules make a new array for each, and a million of them cost
// more memory than the rest of a tensor. Shapes in a graph are never changed in place;
// the shared ones are frozen so that a change would fail loudly.

import type { Shape } from './graph';

export class SharedShapes {
  /** Shared arrays by a hash of their dimensions; a bucket of several only when hashes collide. */
  private readonly byHash = new Map<number, Shape | Shape[]>();
  /** The arrays handed out: a rule that passes its bottom's shape on gives one of these back. */
  private readonly made = new Set<Shape>();

  /** The shared array equal to `shape` (the first one seen, copied to its exact length). */
  share(shape: Shape): Shape {
    // Most layers keep their input's shape (ReLU, BatchNorm, Scale, Eltwise): the very array.
    if (this.made.has(shape)) return shape;
    // A number hash, not the dimensions as text: no string is made per tensor.
    let hash = shape.length;
    for (let i = 0; i < shape.length; i++) hash = (Math.imul(hash, 31) + (shape[i] | 0)) | 0;
    const found = this.byHash.get(hash);
    if (found !== undefined) {
      if (isShape(found)) {
        if (sameDims(found, shape)) return found;
      } else {
        for (const candidate of found) if (sameDims(candidate, shape)) return candidate;
      }
    }
    // Frozen: a reader that changed one in place would change every tensor sharing it.
    const shared = Object.freeze(shape.slice()) as Shape;
    this.made.add(shared);
    if (found === undefined) this.byHash.set(hash, shared);
    else if (isShape(found)) this.byHash.set(hash, [found, shared]);
    else found.push(shared);
    return shared;
  }
}

/** A bucket holds a shape (numbers) or a list of shapes (arrays). */
function isShape(bucket: Shape | Shape[]): bucket is Shape {
  return bucket.length === 0 || !Array.isArray(bucket[0]);
}

/** Equal dimension by dimension, as the dimensions' text would be (NaN equals NaN). */
function sameDims(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(a[i] !== a[i] && b[i] !== b[i])) return false;
  return true;
}
