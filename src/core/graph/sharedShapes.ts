// One array per distinct shape. A deep net repeats a handful of shapes across hundreds of
// thousands of tensors; the shape rules make a new array for each, and a million of them cost
// more memory than the rest of a tensor. Shapes in a graph are never changed in place;
// the shared ones are frozen so that a change would fail loudly.

import type { Shape } from './graph';

export class SharedShapes {
  private readonly byText = new Map<string, Shape>();

  /** The shared array equal to `shape` (the first one seen, copied to its exact length). */
  share(shape: Shape): Shape {
    const text = shape.join(',');
    let shared = this.byText.get(text);
    if (!shared) {
      // Frozen: a reader that changed one in place would change every tensor sharing it.
      shared = Object.freeze(shape.slice()) as Shape;
      this.byText.set(text, shared);
    }
    return shared;
  }
}
