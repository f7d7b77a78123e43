// Output shapes of Caffe layers, following each layer's Reshape() in Caffe (and in the SSD fork and
// the common forks for PriorBox, Permute, Upsample, Interp …). A shape that cannot be known (an
// unknown layer type, an input without a shape, inconsistent settings) is undefined, never a guess.

import type { Shape } from '../../graph/graph';
import { t } from '../../l10n';
import { type ProtoMessage, type ProtoValue, messageOf, numberOf, numbersOf, valuesOf, isMessage } from './protoMessage';

export interface ShapeLayer {
  type: string;
  message: ProtoMessage;
  tops: string[];
}

/** Told when a layer's inputs cannot go together (Caffe would refuse the net at that layer). */
export type ShapeProblem = (message: string) => void;

type Shapes = (Shape | undefined)[];

const SAME_AS_INPUT = new Set([
  'ReLU', 'PReLU', 'Sigmoid', 'TanH', 'BatchNorm', 'Scale', 'Bias', 'Dropout', 'LRN', 'BN', 'Power', 'ELU', 'AbsVal',
  'BNLL', 'Exp', 'Log', 'Threshold', 'MVN', 'Clip', 'Swish', 'Softmax', 'Normalize', 'ShuffleChannel', 'ReLU6',
  'Eltwise', 'Region', 'Yolo', 'LeakyReLU', 'Mish', 'HardSwish', 'HardSigmoid', 'Sign', 'Insanity', 'Axpy',
]);

const canonicalAxis = (axis: number, rank: number): number | undefined => {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : undefined;
};

const count = (shape: Shape, from = 0, to = shape.length) => shape.slice(from, to).reduce((a, b) => a * b, 1);

/** A negative or fractional dimension comes from settings that do not fit the input: unknown, not a guess. */
const valid = (shape: Shape | undefined): Shape | undefined =>
  shape && shape.every((d) => Number.isInteger(d) && d >= 0) ? shape : undefined;

/** `[1, 3] and [1, 4] and [?]`, for problems about several inputs. */
function shapeList(shapes: Shapes): string {
  return shapes.map((x) => `[${x?.join(', ') ?? '?'}]`).reduce((a, b) => t('{0} and {1}', a, b));
}

/** Shapes of a layer's tops from the shapes of its bottoms; undefined entries are unknown. */
export function inferTopShapes(layer: ShapeLayer, bottoms: Shapes, problem: ShapeProblem = () => {}): Shapes {
  const n = layer.tops.length;
  const unknown = (): Shapes => new Array(n).fill(undefined);
  const fromSource = sourceShapes(layer);
  if (fromSource) return fromSource.map(valid);
  // Losses and Accuracy give scalars whatever they are fed.
  if (layer.type === 'Accuracy' || layer.type.endsWith('Loss')) return [[], ...new Array(Math.max(0, n - 1)).fill(undefined)];
  if (layer.type === 'Silence') return [];
  if (bottoms.length === 0 || bottoms[0] === undefined) return unknown();
  const b = bottoms[0];
  const all = (shape: Shape | undefined): Shapes => new Array(n).fill(undefined).map(() => (shape ? [...shape] : undefined));
  let result: Shapes;
  switch (layer.type) {
    case 'Convolution':
    case 'Deconvolution':
      result = all(convolution(layer.message, b, layer.type === 'Deconvolution'));
      break;
    case 'Pooling':
      result = all(pooling(layer.message, b));
      break;
    case 'InnerProduct':
      result = all(innerProduct(layer.message, b));
      break;
    case 'Concat':
      result = all(concat(layer.message, bottoms, problem));
      break;
    case 'Slice':
      result = slice(layer.message, b, n);
      break;
    case 'Split':
      result = all(b);
      break;
    case 'Flatten':
      result = all(flatten(layer.message, b));
      break;
    case 'Reshape':
      result = all(reshape(layer.message, b));
      break;
    case 'Permute':
      result = all(permute(layer.message, b));
      break;
    case 'Crop':
      result = all(crop(layer.message, b, bottoms[1]));
      break;
    case 'Upsample':
      result = all(upsample(layer.message, b, bottoms[1]));
      break;
    case 'Interp':
      result = all(interp(layer.message, b, bottoms[1]));
      break;
    case 'PriorBox':
      result = all(priorBox(layer.message, b));
      break;
    case 'DetectionOutput': {
      // The number of detections is only known when the net runs: -1 (open) unless keep_top_k caps it.
      const keep = numberOf(messageOf(layer.message, 'detection_output_param'), 'keep_top_k') ?? -1;
      return all([1, 1, keep >= 0 ? keep : -1, 7]);
    }
    case 'ArgMax':
      result = all(argMax(layer.message, b));
      break;
    case 'Reduction': {
      const axis = canonicalAxis(numberOf(messageOf(layer.message, 'reduction_param'), 'axis') ?? 0, b.length);
      result = all(axis === undefined ? undefined : b.slice(0, axis));
      break;
    }
    case 'Tile': {
      const p = messageOf(layer.message, 'tile_param');
      const axis = canonicalAxis(numberOf(p, 'axis') ?? 1, b.length);
      const tiles = numberOf(p, 'tiles');
      result = all(axis === undefined || tiles === undefined ? undefined : b.map((d, i) => (i === axis ? d * tiles : d)));
      break;
    }
    case 'Reorg': {
      const stride = numberOf(messageOf(layer.message, 'reorg_param'), 'stride') ?? 2;
      result = all(b.length === 4 && stride > 0 ? [b[0], b[1] * stride * stride, Math.floor(b[2] / stride), Math.floor(b[3] / stride)] : undefined);
      break;
    }
    default:
      result = SAME_AS_INPUT.has(layer.type) ? all(b) : unknown();
      if (layer.type === 'Eltwise' && bottoms.some((x) => x && x.join() !== b.join())) {
        problem(t('inputs {0} differ in shape', shapeList(bottoms)));
        result = unknown();
      }
  }
  return result.map(valid);
}

/** Layers whose tops' shapes come from their own settings, not from bottoms. */
function sourceShapes(layer: ShapeLayer): Shapes | undefined {
  const n = layer.tops.length;
  const perTop = (shapes: Shape[]): Shapes => {
    if (shapes.length === 0) return new Array(n).fill(undefined);
    return layer.tops.map((_, i) => (shapes.length === 1 ? [...shapes[0]] : shapes[i]));
  };
  const m = layer.message;
  switch (layer.type) {
    case 'Input':
      return perTop(blobShapes(valuesOf(messageOf(m, 'input_param') ?? {}, 'shape')));
    case 'DummyData': {
      const p = messageOf(m, 'dummy_data_param') ?? {};
      const shapes = blobShapes(valuesOf(p, 'shape'));
      if (shapes.length > 0) return perTop(shapes);
      const [num, ch, h, w] = ['num', 'channels', 'height', 'width'].map((f) => numbersOf(p, f));
      return perTop(num.map((v, i) => [v, ch[i], h[i], w[i]]).filter((s) => s.every((d) => d !== undefined)));
    }
    case 'MemoryData': {
      const p = messageOf(m, 'memory_data_param');
      const dims = ['batch_size', 'channels', 'height', 'width'].map((f) => numberOf(p, f));
      const shape = dims.every((d) => d !== undefined) ? (dims as number[]) : undefined;
      return [shape, shape ? [shape[0]] : undefined, ...new Array(Math.max(0, n - 2)).fill(undefined)].slice(0, n);
    }
    case 'Parameter': {
      const shape = blobShapes(valuesOf(messageOf(m, 'parameter_param') ?? {}, 'shape'));
      return perTop(shape);
    }
    default:
      return undefined;
  }
}

export function blobShapes(values: ProtoValue[]): Shape[] {
  return values.filter(isMessage).map((s) => numbersOf(s, 'dim'));
}

/** A Caffe "repeated, or _h/_w" setting per spatial axis: `name_h`/`name_w` when given, else the repeated `list` field, else `fallback`. */
function spatial(p: ProtoMessage | undefined, name: string, list: string, axes: number, fallback: number | undefined): (number | undefined)[] {
  const h = numberOf(p, `${name}_h`);
  const w = numberOf(p, `${name}_w`);
  if (axes === 2 && (h !== undefined || w !== undefined)) return [h ?? fallback, w ?? fallback];
  return spatialList(numbersOf(p, list), axes, fallback);
}

function convolution(m: ProtoMessage, b: Shape, deconv: boolean): Shape | undefined {
  const p = messageOf(m, 'convolution_param');
  const numOutput = numberOf(p, 'num_output');
  const axis = canonicalAxis(numberOf(p, 'axis') ?? 1, b.length);
  if (numOutput === undefined || axis === undefined) return undefined;
  const axes = b.length - axis - 1;
  const k = spatial(p, 'kernel', 'kernel_size', axes, undefined);
  const pad = spatial(p, 'pad', 'pad', axes, 0);
  const stride = spatial(p, 'stride', 'stride', axes, 1);
  const dilation = spatialList(numbersOf(p, 'dilation'), axes, 1);
  const out: Shape = [...b.slice(0, axis), numOutput];
  for (let i = 0; i < axes; i++) {
    const [ki, pi, si, di] = [k[i], pad[i], stride[i], dilation[i]];
    if (ki === undefined || pi === undefined || si === undefined || di === undefined || si <= 0) return undefined;
    const extent = di * (ki - 1) + 1;
    const input = b[axis + 1 + i];
    out.push(deconv ? si * (input - 1) + extent - 2 * pi : Math.floor((input + 2 * pi - extent) / si) + 1);
  }
  return out;
}

function spatialList(list: number[], axes: number, fallback: number | undefined): (number | undefined)[] {
  if (list.length === 0) return new Array(axes).fill(fallback);
  if (list.length === 1) return new Array(axes).fill(list[0]);
  return list.length === axes ? list : new Array(axes).fill(undefined);
}

function pooling(m: ProtoMessage, b: Shape): Shape | undefined {
  if (b.length !== 4) return undefined;
  const p = messageOf(m, 'pooling_param');
  const [n, c, h, w] = b;
  if (p?.global_pooling === true) return [n, c, 1, 1];
  const [kh, kw] = poolSetting(p, 'kernel', undefined);
  const [ph, pw] = poolSetting(p, 'pad', 0);
  const [sh, sw] = poolSetting(p, 'stride', 1);
  if (kh === undefined || kw === undefined || ph === undefined || pw === undefined || !sh || !sw) return undefined;
  const floor = p?.round_mode === 'FLOOR';
  const pooled = (size: number, k: number, pad: number, stride: number) => {
    let out = (floor ? Math.floor((size + 2 * pad - k) / stride) : Math.ceil((size + 2 * pad - k) / stride)) + 1;
    // Caffe: the last pooling window must start inside the image (padding excluded).
    if ((ph || pw) && (out - 1) * stride >= size + pad) out--;
    return out;
  };
  return [n, c, pooled(h, kh, ph, sh), pooled(w, kw, pw, sw)];
}

function poolSetting(p: ProtoMessage | undefined, name: string, fallback: number | undefined): (number | undefined)[] {
  const h = numberOf(p, `${name}_h`);
  const w = numberOf(p, `${name}_w`);
  if (h !== undefined || w !== undefined) return [h ?? fallback, w ?? fallback];
  const one = numberOf(p, name === 'kernel' ? 'kernel_size' : name);
  return [one ?? fallback, one ?? fallback];
}

function innerProduct(m: ProtoMessage, b: Shape): Shape | undefined {
  const p = messageOf(m, 'inner_product_param');
  const numOutput = numberOf(p, 'num_output');
  const axis = canonicalAxis(numberOf(p, 'axis') ?? 1, b.length);
  if (numOutput === undefined || axis === undefined) return undefined;
  return [...b.slice(0, axis), numOutput];
}

function concat(m: ProtoMessage, bottoms: Shapes, problem: ShapeProblem): Shape | undefined {
  if (bottoms.some((s) => s === undefined)) return undefined;
  const shapes = bottoms as Shape[];
  const p = messageOf(m, 'concat_param');
  const axis = canonicalAxis(numberOf(p, 'concat_dim') ?? numberOf(p, 'axis') ?? 1, shapes[0].length);
  if (axis === undefined) return undefined;
  const out = [...shapes[0]];
  for (const s of shapes.slice(1)) {
    if (s.length !== out.length || s.some((d, i) => i !== axis && d !== out[i])) {
      problem(t('inputs {0} differ outside the concat axis {1}', shapeList(shapes), axis));
      return undefined;
    }
    out[axis] += s[axis];
  }
  return out;
}

function slice(m: ProtoMessage, b: Shape, tops: number): Shapes {
  const p = messageOf(m, 'slice_param');
  const axis = canonicalAxis(numberOf(p, 'slice_dim') ?? numberOf(p, 'axis') ?? 1, b.length);
  const none = new Array(tops).fill(undefined);
  if (axis === undefined) return none;
  const points = numbersOf(p, 'slice_point');
  const size = b[axis];
  let sizes: number[];
  if (points.length > 0) {
    if (points.length !== tops - 1) return none;
    const edges = [0, ...points, size];
    sizes = edges.slice(1).map((e, i) => e - edges[i]);
  } else {
    if (size % tops !== 0) return none;
    sizes = new Array(tops).fill(size / tops);
  }
  return sizes.map((s) => (s > 0 ? b.map((d, i) => (i === axis ? s : d)) : undefined));
}

function flatten(m: ProtoMessage, b: Shape): Shape | undefined {
  const p = messageOf(m, 'flatten_param');
  const start = canonicalAxis(numberOf(p, 'axis') ?? 1, b.length);
  const end = canonicalAxis(numberOf(p, 'end_axis') ?? -1, b.length);
  if (start === undefined || end === undefined || end < start) return undefined;
  return [...b.slice(0, start), count(b, start, end + 1), ...b.slice(end + 1)];
}

function reshape(m: ProtoMessage, b: Shape): Shape | undefined {
  const p = messageOf(m, 'reshape_param');
  const dims = numbersOf(messageOf(p, 'shape'), 'dim');
  const axis = numberOf(p, 'axis') ?? 0;
  const numAxes = numberOf(p, 'num_axes') ?? -1;
  const start = axis >= 0 ? axis : b.length + axis + 1;
  const end = numAxes === -1 ? b.length : start + numAxes;
  if (start < 0 || start > b.length || end > b.length || end < start) return undefined;
  const middle = dims.map((d, i) => (d === 0 ? b[start + i] : d));
  if (middle.some((d) => d === undefined)) return undefined;
  const out = [...b.slice(0, start), ...middle, ...b.slice(end)];
  const inferred = out.filter((d) => d === -1).length;
  if (inferred > 1) return undefined;
  if (inferred === 1) {
    const known = count(out.filter((d) => d !== -1));
    if (known === 0 || count(b) % known !== 0) return undefined;
    out[out.indexOf(-1)] = count(b) / known;
  }
  return count(out) === count(b) ? out : undefined;
}

function permute(m: ProtoMessage, b: Shape): Shape | undefined {
  const order = numbersOf(messageOf(m, 'permute_param'), 'order');
  // As the SSD fork: listed axes first, then the rest in their original order.
  const full = [...order];
  for (let i = 0; i < b.length; i++) if (!full.includes(i)) full.push(i);
  if (full.length !== b.length || full.some((a) => a < 0 || a >= b.length)) return undefined;
  return full.map((a) => b[a]);
}

function crop(m: ProtoMessage, b: Shape, reference: Shape | undefined): Shape | undefined {
  if (!reference || reference.length !== b.length) return undefined;
  const axis = canonicalAxis(numberOf(messageOf(m, 'crop_param'), 'axis') ?? 2, b.length);
  if (axis === undefined) return undefined;
  return b.map((d, i) => (i < axis ? d : reference[i]));
}

function upsample(m: ProtoMessage, b: Shape, mask: Shape | undefined): Shape | undefined {
  if (b.length !== 4) return undefined;
  const p = messageOf(m, 'upsample_param');
  const h = numberOf(p, 'upsample_h');
  const w = numberOf(p, 'upsample_w');
  if (h !== undefined && w !== undefined) return [b[0], b[1], h, w];
  const scale = numberOf(p, 'scale');
  const sh = numberOf(p, 'scale_h') ?? scale;
  const sw = numberOf(p, 'scale_w') ?? scale;
  if (sh !== undefined && sw !== undefined) return [b[0], b[1], Math.round(b[2] * sh), Math.round(b[3] * sw)];
  if (mask && mask.length === 4) return [b[0], b[1], mask[2], mask[3]];
  return undefined;
}

function interp(m: ProtoMessage, b: Shape, reference: Shape | undefined): Shape | undefined {
  if (b.length !== 4) return undefined;
  const p = messageOf(m, 'interp_param');
  const padBeg = numberOf(p, 'pad_beg') ?? 0;
  const padEnd = numberOf(p, 'pad_end') ?? 0;
  let h = b[2] + padBeg + padEnd;
  let w = b[3] + padBeg + padEnd;
  const shrink = numberOf(p, 'shrink_factor');
  const zoom = numberOf(p, 'zoom_factor');
  const height = numberOf(p, 'height');
  const width = numberOf(p, 'width');
  if (shrink !== undefined || zoom !== undefined) {
    if (shrink !== undefined) {
      h = Math.floor((h - 1) / shrink) + 1;
      w = Math.floor((w - 1) / shrink) + 1;
    }
    if (zoom !== undefined) {
      h = h + (h - 1) * (zoom - 1);
      w = w + (w - 1) * (zoom - 1);
    }
  } else if (height !== undefined && width !== undefined) {
    h = height;
    w = width;
  } else if (reference && reference.length === 4) {
    h = reference[2];
    w = reference[3];
  } else return undefined;
  return [b[0], b[1], h, w];
}

/** Number of prior boxes per location, as the SSD fork's PriorBoxLayer::LayerSetUp counts them. */
export function priorsPerLocation(p: ProtoMessage | undefined): number {
  const minSizes = numbersOf(p, 'min_size');
  const maxSizes = numbersOf(p, 'max_size');
  const flip = p?.flip !== false;
  const ratios = [1];
  for (const ar of numbersOf(p, 'aspect_ratio')) {
    if (ratios.some((r) => Math.abs(ar - r) < 1e-6)) continue;
    ratios.push(ar);
    if (flip) ratios.push(1 / ar);
  }
  return ratios.length * minSizes.length + maxSizes.length;
}

function priorBox(m: ProtoMessage, b: Shape): Shape | undefined {
  if (b.length !== 4) return undefined;
  const priors = priorsPerLocation(messageOf(m, 'prior_box_param'));
  if (priors === 0) return undefined;
  return [1, 2, b[2] * b[3] * priors * 4];
}

function argMax(m: ProtoMessage, b: Shape): Shape | undefined {
  const p = messageOf(m, 'argmax_param');
  const topK = numberOf(p, 'top_k') ?? 1;
  const axisSetting = numberOf(p, 'axis');
  if (axisSetting !== undefined) {
    const axis = canonicalAxis(axisSetting, b.length);
    return axis === undefined ? undefined : b.map((d, i) => (i === axis ? topK : d));
  }
  const out = new Array(Math.max(3, b.length)).fill(1);
  out[0] = b[0];
  out[1] = p?.out_max_val === true ? 2 : 1;
  out[2] = topK;
  return out;
}

/** Element counts of the blobs a layer should carry, for checking a weights file against its net. */
export function expectedBlobCounts(type: string, m: ProtoMessage, bottom: Shape | undefined): number[] | undefined {
  if (!bottom) return undefined;
  if (type === 'Convolution' || type === 'Deconvolution') {
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
  if (type === 'InnerProduct') {
    const p = messageOf(m, 'inner_product_param');
    const numOutput = numberOf(p, 'num_output');
    const axis = canonicalAxis(numberOf(p, 'axis') ?? 1, bottom.length);
    if (numOutput === undefined || axis === undefined) return undefined;
    const weights = numOutput * count(bottom, axis);
    return p?.bias_term === false ? [weights] : [weights, numOutput];
  }
  return undefined;
}
