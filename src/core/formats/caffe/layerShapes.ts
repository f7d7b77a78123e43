// The arithmetic of Caffe layers' output shapes, one formula per layer type, following each
// layer's Reshape() in Caffe (and in the SSD fork and the common forks for PriorBox, Permute,
// Upsample, Interp …): from the layer's settings and its bottoms' shapes to a top's shape. Which
// formula a layer type takes, and how it spreads over the tops, is the table in shapeRules.ts;
// what a layer's weights should hold is blobCounts.ts. A shape that cannot be known (settings
// missing or not fitting the input) is undefined, never a guess.

import type { Shape } from '../../graph/graph';
import { t } from '../../l10n';
import { type ProtoMessage, type ProtoValue, messageOf, numberOf, numbersOf, valuesOf, isMessage } from './protoMessage';

/** Told when a layer's inputs cannot go together (Caffe would refuse the net at that layer). */
export type ShapeProblem = (message: string) => void;

/** Shapes of several tensors (a layer's bottoms or tops); undefined where unknown. */
export type Shapes = (Shape | undefined)[];

/** An axis setting as an index into a shape of `rank` dims (negative counts from the end); undefined when out of range. */
export function canonicalAxis(axis: number, rank: number): number | undefined {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : undefined;
}

/** Elements in dims `from` to `to` (exclusive), as Caffe's Blob::count(start, end). */
export function count(shape: Shape, from = 0, to = shape.length): number {
  return shape.slice(from, to).reduce((a, b) => a * b, 1);
}

/** `[1, 3] and [1, 4] and [?]`, for problems about several inputs. */
export function shapeList(shapes: Shapes): string {
  return shapes.map((x) => `[${x?.join(', ') ?? '?'}]`).reduce((a, b) => t('{0} and {1}', a, b));
}

/** The dims of BlobShape messages: a net's `input_shape`s, an Input layer's `shape`s. */
export function blobShapes(values: ProtoValue[]): Shape[] {
  return values.filter(isMessage).map((s) => numbersOf(s, 'dim'));
}

/** A Caffe "repeated, or _h/_w" setting per spatial axis: `name_h`/`name_w` when given, else the repeated `list` field, else `fallback`. */
export function spatial(p: ProtoMessage | undefined, name: string, list: string, axes: number, fallback: number | undefined): (number | undefined)[] {
  const h = numberOf(p, `${name}_h`);
  const w = numberOf(p, `${name}_w`);
  if (axes === 2 && (h !== undefined || w !== undefined)) return [h ?? fallback, w ?? fallback];
  return spatialList(numbersOf(p, list), axes, fallback);
}

export function convolutionShape(m: ProtoMessage, b: Shape, deconv: boolean): Shape | undefined {
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

export function poolingShape(m: ProtoMessage, b: Shape): Shape | undefined {
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

export function innerProductShape(m: ProtoMessage, b: Shape): Shape | undefined {
  const p = messageOf(m, 'inner_product_param');
  const numOutput = numberOf(p, 'num_output');
  const axis = canonicalAxis(numberOf(p, 'axis') ?? 1, b.length);
  if (numOutput === undefined || axis === undefined) return undefined;
  return [...b.slice(0, axis), numOutput];
}

export function concatShape(m: ProtoMessage, bottoms: Shapes, problem: ShapeProblem): Shape | undefined {
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

export function sliceShapes(m: ProtoMessage, b: Shape, tops: number): Shapes {
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

export function flattenShape(m: ProtoMessage, b: Shape): Shape | undefined {
  const p = messageOf(m, 'flatten_param');
  const start = canonicalAxis(numberOf(p, 'axis') ?? 1, b.length);
  const end = canonicalAxis(numberOf(p, 'end_axis') ?? -1, b.length);
  if (start === undefined || end === undefined || end < start) return undefined;
  return [...b.slice(0, start), count(b, start, end + 1), ...b.slice(end + 1)];
}

export function reshapeShape(m: ProtoMessage, b: Shape): Shape | undefined {
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

export function permuteShape(m: ProtoMessage, b: Shape): Shape | undefined {
  const order = numbersOf(messageOf(m, 'permute_param'), 'order');
  // As the SSD fork: listed axes first, then the rest in their original order.
  const full = [...order];
  for (let i = 0; i < b.length; i++) if (!full.includes(i)) full.push(i);
  if (full.length !== b.length || full.some((a) => a < 0 || a >= b.length)) return undefined;
  return full.map((a) => b[a]);
}

export function cropShape(m: ProtoMessage, b: Shape, reference: Shape | undefined): Shape | undefined {
  if (!reference || reference.length !== b.length) return undefined;
  const axis = canonicalAxis(numberOf(messageOf(m, 'crop_param'), 'axis') ?? 2, b.length);
  if (axis === undefined) return undefined;
  return b.map((d, i) => (i < axis ? d : reference[i]));
}

export function upsampleShape(m: ProtoMessage, b: Shape, mask: Shape | undefined): Shape | undefined {
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

export function interpShape(m: ProtoMessage, b: Shape, reference: Shape | undefined): Shape | undefined {
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

export function priorBoxShape(m: ProtoMessage, b: Shape): Shape | undefined {
  if (b.length !== 4) return undefined;
  const priors = priorsPerLocation(messageOf(m, 'prior_box_param'));
  if (priors === 0) return undefined;
  return [1, 2, b[2] * b[3] * priors * 4];
}

export function argMaxShape(m: ProtoMessage, b: Shape): Shape | undefined {
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

export function reductionShape(m: ProtoMessage, b: Shape): Shape | undefined {
  const axis = canonicalAxis(numberOf(messageOf(m, 'reduction_param'), 'axis') ?? 0, b.length);
  return axis === undefined ? undefined : b.slice(0, axis);
}

export function tileShape(m: ProtoMessage, b: Shape): Shape | undefined {
  const p = messageOf(m, 'tile_param');
  const axis = canonicalAxis(numberOf(p, 'axis') ?? 1, b.length);
  const tiles = numberOf(p, 'tiles');
  return axis === undefined || tiles === undefined ? undefined : b.map((d, i) => (i === axis ? d * tiles : d));
}

export function reorgShape(m: ProtoMessage, b: Shape): Shape | undefined {
  const stride = numberOf(messageOf(m, 'reorg_param'), 'stride') ?? 2;
  return b.length === 4 && stride > 0 ? [b[0], b[1] * stride * stride, Math.floor(b[2] / stride), Math.floor(b[3] / stride)] : undefined;
}

/** The number of detections is only known when the net runs: -1 (open) unless keep_top_k caps it. */
export function detectionOutputShape(m: ProtoMessage): Shape {
  const keep = numberOf(messageOf(m, 'detection_output_param'), 'keep_top_k') ?? -1;
  return [1, 1, keep >= 0 ? keep : -1, 7];
}

/** A DummyData layer's shapes: its `shape`s, else the legacy num/channels/height/width lists, one shape per complete set. */
export function dummyDataShapes(m: ProtoMessage): Shape[] {
  const p = messageOf(m, 'dummy_data_param') ?? {};
  const shapes = blobShapes(valuesOf(p, 'shape'));
  if (shapes.length > 0) return shapes;
  const [num, ch, h, w] = ['num', 'channels', 'height', 'width'].map((f) => numbersOf(p, f));
  return num.map((v, i) => [v, ch[i], h[i], w[i]]).filter((s) => s.every((d) => d !== undefined));
}

/** A MemoryData layer's data shape, when all four of its dims are set. */
export function memoryDataShape(m: ProtoMessage): Shape | undefined {
  const p = messageOf(m, 'memory_data_param');
  const dims = ['batch_size', 'channels', 'height', 'width'].map((f) => numberOf(p, f));
  return dims.every((d) => d !== undefined) ? (dims as number[]) : undefined;
}
