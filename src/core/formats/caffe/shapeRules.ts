// Caffe shape inference as a table keyed by layer type: for each type Caffe (or a common fork)
// knows, the rule that gives a layer's tops their shapes from its settings and its bottoms'
// shapes. Reading a net, cutting a sub-model out of one and checking a compiler's arguments all
// ask the same table, so they agree on what a layer outputs and on which types are understood.
// The formulas themselves are in layerShapes.ts; a rule says which formula a type takes and how
// its result spreads over the tops. A type the table does not name gives unknown shapes, never a
// guess.

import type { Shape } from '../../graph/graph';
import { t } from '../../l10n';
import {
  type ShapeProblem,
  type Shapes,
  argMaxShape,
  blobShapes,
  concatShape,
  convolutionShape,
  cropShape,
  detectionOutputShape,
  dummyDataShapes,
  flattenShape,
  innerProductShape,
  interpShape,
  memoryDataShape,
  permuteShape,
  poolingShape,
  priorBoxShape,
  reductionShape,
  reorgShape,
  reshapeShape,
  shapeList,
  sliceShapes,
  tileShape,
  upsampleShape,
} from './layerShapes';
import { type ProtoMessage, messageOf, valuesOf } from './protoMessage';

/** What a rule needs of a layer: a CaffeLayer is one, and so is a layer a caller makes up. */
export interface ShapeLayer {
  type: string;
  message: ProtoMessage;
  tops: string[];
}

/** Shapes of a layer's tops (one entry per top, undefined where unknown) from its bottoms' shapes. */
export type ShapeRule = (layer: ShapeLayer, bottoms: Shapes, problem: ShapeProblem) => Shapes;

/** A negative or fractional dimension comes from settings that do not fit the input: unknown, not a guess. */
function valid(shape: Shape | undefined): Shape | undefined {
  return shape && shape.every((d) => Number.isInteger(d) && d >= 0) ? shape : undefined;
}

function unknownTops(layer: ShapeLayer): Shapes {
  return new Array(layer.tops.length).fill(undefined);
}

/**
 * Every top gets `shape`, or every top is unknown. Shapes are never changed once made, so the
 * tops share one array (an element-wise layer shares its bottom's): a million-layer net does not
 * make a million copies.
 */
function everyTop(layer: ShapeLayer, shape: Shape | undefined): Shapes {
  return layer.tops.map(() => shape);
}

/**
 * Most layers: one shape worked out from the first bottom's, given to every top; unknown while
 * the first bottom's shape is, and when the result has a dimension no tensor can have.
 */
function fromFirstBottom(layer: ShapeLayer, bottoms: Shapes, formula: (first: Shape) => Shape | undefined): Shapes {
  const first = bottoms[0];
  if (first === undefined) return unknownTops(layer);
  return everyTop(layer, formula(first)).map(valid);
}

/** Settings that give one shape for all tops, or one per top. */
function fromSettings(layer: ShapeLayer, shapes: Shape[]): Shapes {
  if (shapes.length === 0) return unknownTops(layer);
  return layer.tops.map((_, i) => (shapes.length === 1 ? shapes[0] : shapes[i])).map(valid);
}

// Layers whose tops' shapes come from their own settings, whatever they are fed.

function input(layer: ShapeLayer): Shapes {
  return fromSettings(layer, blobShapes(valuesOf(messageOf(layer.message, 'input_param') ?? {}, 'shape')));
}

function dummyData(layer: ShapeLayer): Shapes {
  return fromSettings(layer, dummyDataShapes(layer.message));
}

/** Data, then labels (one per item of the batch). */
function memoryData(layer: ShapeLayer): Shapes {
  const n = layer.tops.length;
  const shape = memoryDataShape(layer.message);
  return [shape, shape ? [shape[0]] : undefined, ...new Array(Math.max(0, n - 2)).fill(undefined)].slice(0, n).map(valid);
}

function parameter(layer: ShapeLayer): Shapes {
  return fromSettings(layer, blobShapes(valuesOf(messageOf(layer.message, 'parameter_param') ?? {}, 'shape')));
}

/** Losses and Accuracy give a scalar whatever they are fed; their other tops are left unknown. */
function scalar(layer: ShapeLayer): Shapes {
  return [[], ...new Array(Math.max(0, layer.tops.length - 1)).fill(undefined)];
}

function silence(): Shapes {
  return [];
}

// Layers whose tops' shapes follow from their bottoms'.

function sameAsInput(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => first);
}

/** Element-wise over inputs that must all have one shape; Caffe refuses the net otherwise. */
function eltwise(layer: ShapeLayer, bottoms: Shapes, problem: ShapeProblem): Shapes {
  const first = bottoms[0];
  if (first === undefined) return unknownTops(layer);
  if (bottoms.some((x) => x && x.join() !== first.join())) {
    problem(t('inputs {0} differ in shape', shapeList(bottoms)));
    return unknownTops(layer);
  }
  return sameAsInput(layer, bottoms);
}

function convolution(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => convolutionShape(layer.message, first, false));
}

function deconvolution(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => convolutionShape(layer.message, first, true));
}

function pooling(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => poolingShape(layer.message, first));
}

function innerProduct(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => innerProductShape(layer.message, first));
}

function concat(layer: ShapeLayer, bottoms: Shapes, problem: ShapeProblem): Shapes {
  return fromFirstBottom(layer, bottoms, () => concatShape(layer.message, bottoms, problem));
}

/** Each top its own part of the first bottom. */
function slice(layer: ShapeLayer, bottoms: Shapes): Shapes {
  const first = bottoms[0];
  if (first === undefined) return unknownTops(layer);
  return sliceShapes(layer.message, first, layer.tops.length).map(valid);
}

function flatten(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => flattenShape(layer.message, first));
}

function reshape(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => reshapeShape(layer.message, first));
}

function permute(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => permuteShape(layer.message, first));
}

/** Cropped to the second bottom's shape from the crop axis on. */
function crop(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => cropShape(layer.message, first, bottoms[1]));
}

/** The second bottom, when there is one, is the pooling mask whose size the output takes. */
function upsample(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => upsampleShape(layer.message, first, bottoms[1]));
}

/** The second bottom, when there is one, gives the size to resize to. */
function interp(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => interpShape(layer.message, first, bottoms[1]));
}

function priorBox(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => priorBoxShape(layer.message, first));
}

/**
 * Its shape does not depend on the bottoms' but still waits for them to be known; -1 marks the
 * detection count left open, so it is not dropped as an invalid dimension.
 */
function detectionOutput(layer: ShapeLayer, bottoms: Shapes): Shapes {
  if (bottoms[0] === undefined) return unknownTops(layer);
  return everyTop(layer, detectionOutputShape(layer.message));
}

function argMax(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => argMaxShape(layer.message, first));
}

function reduction(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => reductionShape(layer.message, first));
}

function tile(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => tileShape(layer.message, first));
}

function reorg(layer: ShapeLayer, bottoms: Shapes): Shapes {
  return fromFirstBottom(layer, bottoms, (first) => reorgShape(layer.message, first));
}

/** Activations, normalisations and the like: each top has the first bottom's shape. */
const SAME_AS_INPUT = [
  'ReLU', 'PReLU', 'Sigmoid', 'TanH', 'BatchNorm', 'Scale', 'Bias', 'Dropout', 'LRN', 'BN', 'Power', 'ELU', 'AbsVal',
  'BNLL', 'Exp', 'Log', 'Threshold', 'MVN', 'Clip', 'Swish', 'Softmax', 'Normalize', 'ShuffleChannel', 'ReLU6',
  'Region', 'Yolo', 'LeakyReLU', 'Mish', 'HardSwish', 'HardSigmoid', 'Sign', 'Insanity', 'Axpy',
];

// A Map, not an object: a layer type is data from the file, and one called `constructor` or
// `__proto__` must find no rule rather than something of Object.prototype.
const SHAPE_RULES: ReadonlyMap<string, ShapeRule> = new Map<string, ShapeRule>([
  ['Input', input],
  ['DummyData', dummyData],
  ['MemoryData', memoryData],
  ['Parameter', parameter],
  ['Accuracy', scalar],
  ['Silence', silence],
  ['Convolution', convolution],
  ['Deconvolution', deconvolution],
  ['Pooling', pooling],
  ['InnerProduct', innerProduct],
  ['Concat', concat],
  ['Slice', slice],
  ['Split', sameAsInput],
  ['Flatten', flatten],
  ['Reshape', reshape],
  ['Permute', permute],
  ['Crop', crop],
  ['Upsample', upsample],
  ['Interp', interp],
  ['PriorBox', priorBox],
  ['DetectionOutput', detectionOutput],
  ['ArgMax', argMax],
  ['Reduction', reduction],
  ['Tile', tile],
  ['Reorg', reorg],
  ['Eltwise', eltwise],
  ...SAME_AS_INPUT.map((type): [string, ShapeRule] => [type, sameAsInput]),
]);

/**
 * The rule for a layer type, or undefined when shapes of that type are not known. Any type
 * ending in `Loss` is a loss (forks add their own); a type the table names takes its own rule.
 */
export function shapeRuleOf(type: string): ShapeRule | undefined {
  return SHAPE_RULES.get(type) ?? (type.endsWith('Loss') ? scalar : undefined);
}

/** Whether shape inference understands this layer type. */
export function hasShapeRule(type: string): boolean {
  return shapeRuleOf(type) !== undefined;
}

/** Shapes of a layer's tops from the shapes of its bottoms; undefined entries are unknown. */
/** Caffe's own limit (kMaxBlobAxes): a blob has at most 32 axes. */
export const MAX_CAFFE_AXES = 32;

export function topShapesOf(layer: ShapeLayer, bottoms: Shapes, problem: ShapeProblem = () => {}): Shapes {
  const tops = (shapeRuleOf(layer.type) ?? unknownTops)(layer, bottoms, problem);
  // A shape from crafted settings with thousands of axes would be copied to every layer below.
  for (let i = 0; i < tops.length; i++) {
    const shape = tops[i];
    if (shape && shape.length > MAX_CAFFE_AXES) {
      problem(t('top {0} would have {1} axes; Caffe allows at most {2}, so its shape is left unknown', i, shape.length, MAX_CAFFE_AXES));
      tops[i] = undefined;
    }
  }
  return tops;
}
