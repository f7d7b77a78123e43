import type { Shape } from '../../src/core/graph/graph';

/** `[-1, 3, 640, 640]`; -1 stays as the model writes it, since the toolchains' flags use it too. */
export function formatShape(shape: Shape | null | undefined, unknown: string): string {
  return shape ? `[${shape.join(', ')}]` : unknown;
}
