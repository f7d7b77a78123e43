// How many values each blob of a layer's weights should hold, by layer type, so that a caffemodel
// paired with a prototxt it was not trained with is caught at the layer that disagrees. A table
// like the shape rules (shapeRules.ts), and keyed the same way: a type it does not name is not
// checked.

import type { Shape } from '../../graph/graph';
import { canonicalAxis, count, spatial } from './layerShapes';
import { type ProtoMessage, messageOf, numberOf } from './protoMessage';

/** Element counts of a layer's blobs, from its settings and its first bottom's shape; undefined when they cannot be known. */
type BlobCountRule = (message: ProtoMessage, bottom: Shape) => number[] | undefined;

/** Filter (num_output × channels per group × kernel), then the bias unless bias_term is off. */
function convolutionBlobCounts(m: ProtoMessage, bottom: Shape): number[] | undefined {
  const p = messageOf(m, 'convolution_param');
  const numOutput = numberOf(p, 'num_output');
  const group = numberOf(p, 'group') ?? 1;
  const axis = canonicalAxis(numberOf(p, 'axis') ?? 1, bottom.length);
  if (numOutput === undefined || axis === undefined || group <= 0) return undefined;
  const axes = bottom.length - axis - 1;
  const k = spatial(p, 'kernel', 'kernel_size', axes, undefined);
  if (k.some((d) => d === undefined)) return undefined;
  const weights = (numOutput * bottom[axis] * count(k as number[])) / group;
  return p?.bias_term === false ? [weights] : [weights, numOutput];
}

/** Weights (num_output × everything from the axis on), then the bias unless bias_term is off. */
function innerProductBlobCounts(m: ProtoMessage, bottom: Shape): number[] | undefined {
  const p = messageOf(m, 'inner_product_param');
  const numOutput = numberOf(p, 'num_output');
  const axis = canonicalAxis(numberOf(p, 'axis') ?? 1, bottom.length);
  if (numOutput === undefined || axis === undefined) return undefined;
  const weights = numOutput * count(bottom, axis);
  return p?.bias_term === false ? [weights] : [weights, numOutput];
}

// A Map for the same reason as the shape rules: layer types are data from the file.
const BLOB_COUNT_RULES: ReadonlyMap<string, BlobCountRule> = new Map<string, BlobCountRule>([
  ['Convolution', convolutionBlobCounts],
  ['Deconvolution', convolutionBlobCounts],
  ['InnerProduct', innerProductBlobCounts],
]);

/** Element counts of the blobs a layer should carry, for checking a weights file against its net. */
export function expectedBlobCounts(type: string, m: ProtoMessage, bottom: Shape | undefined): number[] | undefined {
  if (!bottom) return undefined;
  return BLOB_COUNT_RULES.get(type)?.(m, bottom);
}
