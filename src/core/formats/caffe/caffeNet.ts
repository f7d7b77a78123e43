// Turns a Caffe net (layers read from a prototxt or a caffemodel) into the common Graph and the
// `npu-deploy info` figures: which tensors are inputs and outputs, their shapes, and which layers
// carry weights. The rules are Caffe's: net-level `input`s and data-layer tops feed the net, tops
// that no later layer reads are its outputs, and weights attach to layers by name.

import type { GraphNode, Graph, Shape, SourceRange, Tensor, WeightRef, AttrValue } from '../../graph/graph';
import { SharedShapes } from '../../graph/sharedShapes';
import { GraphBuilder } from '../../graph/graphBuilder';
import { atByte, wholeFile, type FilePlace } from '../../errors';
import { t } from '../../l10n';
import type { ModelWarning, TensorSummary } from '../../model';
import type { BlobRecord, LayerRecord } from './caffemodelIndex';
import { expectedBlobCounts } from './blobCounts';
import { blobShapes } from './layerShapes';
import { type ProtoMessage, numbersOf, stringsOf, valuesOf } from './protoMessage';
import { MAX_CAFFE_AXES, topShapesOf } from './shapeRules';
import type { TextLayout } from './textLayout';
import { DATA_LAYER_TYPES, layerTypeOf } from './v1LayerTypes';

export interface CaffeLayer {
  name: string;
  /** V2 spelling (V1 enum names upgraded). */
  type: string;
  version: 1 | 2;
  message: ProtoMessage;
  bottoms: string[];
  tops: string[];
  location?: SourceRange;
  /** Where this layer is, for warnings about it. */
  place: FilePlace;
  /** Blobs already known to belong to this layer (a caffemodel opened on its own). */
  blobs?: BlobRecord[];
}

/** The layers of a NetParameter read from text, in file order (V1 `layers` and V2 `layer` may mix). */
export function layersOfText(net: ProtoMessage, layout: TextLayout): CaffeLayer[] {
  // The net is nearly always the whole file (block 0); a solver's embedded net is looked up.
  const netBlock = layout.blockMessage[0] === net ? 0 : layout.blockOf(net);
  if (netBlock === undefined) return [];
  const layers: CaffeLayer[] = [];
  for (const block of layout.childBlocks(netBlock)) {
    const field = layout.blockField[block];
    if (field !== 'layer' && field !== 'layers') continue;
    const message = layout.blockMessage[block];
    const version = field === 'layer' ? 2 : 1;
    const location = layout.blockRange(block);
    // One object literal of one shape per layer: a million-layer net makes a million of these.
    layers.push({
      name: typeof message.name === 'string' ? message.name : '',
      type: layerTypeOf(message.type, version),
      version,
      message,
      bottoms: stringsOf(message, 'bottom'),
      tops: stringsOf(message, 'top'),
      location,
      place: { kind: 'text', line: location.line, column: location.column },
      blobs: undefined,
    });
  }
  return layers;
}

/** The layers of an indexed caffemodel, with their blobs. */
export function layersOfBinary(records: LayerRecord[]): CaffeLayer[] {
  const layers: CaffeLayer[] = new Array<CaffeLayer>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const message = r.message;
    // The same literal as layersOfText's: one object layout for every layer (a spread of a
    // partial record gave each layer layouts of its own).
    layers[i] = {
      name: typeof message.name === 'string' ? message.name : '',
      type: r.type,
      version: r.version,
      message,
      bottoms: stringsOf(message, 'bottom'),
      tops: stringsOf(message, 'top'),
      location: undefined,
      place: atByte(r.start),
      blobs: r.blobs,
    };
  }
  return layers;
}

const NOT_ATTRIBUTES = new Set(['name', 'type', 'bottom', 'top', 'blobs']);

// One string per slot, shared by every node: a big net has hundreds of thousands of ports. The
// lists grow to the most bottoms or tops a layer has, so `BOTTOM_SLOTS[i]` names the i-th.
const BOTTOM_SLOTS: string[] = [];
const TOP_SLOTS: string[] = [];
function slotsFor(slots: string[], kind: 'bottom' | 'top', count: number): string[] {
  for (let i = slots.length; i < count; i++) slots.push(`${kind}[${i}]`);
  return slots;
}

export interface AssembledNet {
  graph: Graph;
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  params: string[];
}

export interface AssembleOptions {
  file: string;
  /** Weights from a separate caffemodel, attached by layer name. */
  weights?: { file: string; layers: LayerRecord[] };
  warnings: ModelWarning[];
}

/**
 * The net as a graph, in the order Caffe itself builds it (Net::Init): the declared inputs first,
 * then every layer in file order, each taking its weights and inferring its tops' shapes from what
 * the layers before it wrote. Warnings come out in that order too.
 */
export function assembleNet(net: ProtoMessage, layers: CaffeLayer[], options: AssembleOptions): AssembledNet {
  const builder = new GraphBuilder();
  const shapes = new SharedShapes();
  const inputs = declareNetInputs(net, builder, shapes, options);
  const weights = options.weights && new WeightsByName(options.weights);
  const problems = new ShapeProblems(options);
  const nodes: GraphNode[] = new Array<GraphNode>(layers.length);
  for (let i = 0; i < layers.length; i++) nodes[i] = addLayerNode(builder, shapes, layers[i], i, weights, problems, options);
  addDataLayerInputs(builder, layers, nodes, inputs);
  if (weights) warnUnusedWeights(weights, options.warnings);
  const outputs = netOutputs(layers, nodes);
  const tensors = builder.allTensors();
  return {
    graph: builder.build([...inputs.values()], [...outputs.values()]),
    inputs: summaries(inputs, tensors),
    outputs: summaries(outputs, tensors),
    params: paramNames(layers, options.weights?.layers),
  };
}

/**
 * Shape problems as warnings about the layer being assembled: one reporter for the whole net
 * (the rules call it rarely), not a closure made for every layer.
 */
class ShapeProblems {
  layer: CaffeLayer | undefined;
  readonly report: (problem: string) => void;

  constructor(options: AssembleOptions) {
    this.report = (problem) => {
      const layer = this.layer!;
      options.warnings.push({ file: options.file, place: layer.place, code: 'caffe.shape', message: t('layer \'{0}\' ({1}): {2}', layer.name, layer.type, problem) });
    };
  }
}

/** Tensor ids by name, in the order the names were first met (a Map keeps insertion order). */
type NamedTensors = Map<string, string>;

/**
 * Deploy nets declare their inputs at net level (`input` with `input_shape`, or the older
 * `input_dim` in fours) instead of an Input layer; they feed the net before any layer runs, so
 * they come first, once per name.
 */
function declareNetInputs(net: ProtoMessage, builder: GraphBuilder, shapes: SharedShapes, options: AssembleOptions): NamedTensors {
  const inputs: NamedTensors = new Map();
  const inputShapes = blobShapes(valuesOf(net, 'input_shape'));
  const inputDims = numbersOf(net, 'input_dim');
  stringsOf(net, 'input').forEach((name, i) => {
    let shape: Shape | undefined = inputShapes[i] ?? (inputDims.length >= 4 * (i + 1) ? inputDims.slice(4 * i, 4 * i + 4) : undefined);
    if (shape && shape.length > MAX_CAFFE_AXES) {
      options.warnings.push({ file: options.file, place: wholeFile, code: 'caffe.shape', message: t('input \'{0}\' declares {1} axes; Caffe allows at most {2}, so its shape is left unknown', name, shape.length, MAX_CAFFE_AXES) });
      shape = undefined;
    }
    const tensor = builder.tensorFor(name);
    setShape(tensor, shape && shapes.share(shape));
    if (!inputs.has(name)) inputs.set(name, tensor.id);
  });
  return inputs;
}

/**
 * Weights from a separate caffemodel, found by layer name. A train_val net can hold a layer name
 * twice (TRAIN and TEST copies) and so can its caffemodel: the k-th layer of a name takes the k-th
 * weights of that name, else the first. The lookup is a Map built once, so pairing stays linear in
 * the number of layers.
 */
class WeightsByName {
  private readonly byName = new Map<string, LayerRecord[]>();
  private readonly taken = new Map<string, number>();
  /** Records some layer took; the rest are reported as unused. */
  readonly used = new Set<LayerRecord>();

  constructor(readonly weights: NonNullable<AssembleOptions['weights']>) {
    for (const record of weights.layers) {
      // A layer without blobs in the caffemodel (a ReLU, a Pooling) has nothing to give.
      if (record.blobs.length === 0) continue;
      const list = this.byName.get(record.name);
      if (list) list.push(record);
      else this.byName.set(record.name, [record]);
    }
  }

  /** The weights for the next layer called `name`, if the caffemodel has any of that name. */
  take(name: string): LayerRecord | undefined {
    const occurrence = this.taken.get(name) ?? 0;
    this.taken.set(name, occurrence + 1);
    const candidates = this.byName.get(name);
    const record = candidates?.[occurrence] ?? candidates?.[0];
    if (record) this.used.add(record);
    return record;
  }
}

/**
 * One layer as a node: its weights (its own blobs when the caffemodel was opened alone, else the
 * ones paired by name, checked against what its settings expect), its settings as attributes, and
 * its tops' shapes inferred from its bottoms' as the earlier layers left them.
 */
function addLayerNode(builder: GraphBuilder, shapes: SharedShapes, layer: CaffeLayer, index: number, weights: WeightsByName | undefined, problems: ShapeProblems, options: AssembleOptions): GraphNode {
  // Read before the node is added: an in-place layer's top replaces its bottom's tensor.
  const { bottoms, tops } = layer;
  const bottomShapes: (Shape | undefined)[] = new Array<Shape | undefined>(bottoms.length);
  for (let i = 0; i < bottoms.length; i++) bottomShapes[i] = builder.current(bottoms[i])?.shape;
  let blobs = layer.blobs;
  if (!blobs && weights) {
    const record = weights.take(layer.name);
    if (record) {
      blobs = record.blobs;
      checkBlobs(layer, record, bottomShapes[0], options);
    }
  }
  const node = builder.addNodeWithNamedPorts({
    id: layer.name,
    name: layer.name,
    type: layer.type,
    attributes: attributesOf(layer),
    inputNames: bottoms,
    inputSlots: slotsFor(BOTTOM_SLOTS, 'bottom', bottoms.length),
    outputNames: tops,
    outputSlots: slotsFor(TOP_SLOTS, 'top', tops.length),
    weights: blobs && blobs.length > 0 ? weightRefs(layer.name, blobs) : NO_WEIGHTS,
    location: layer.location,
    origin: { kind: 'layer', index },
  });
  problems.layer = layer;
  const topShapes = topShapesOf(layer, bottomShapes, problems.report);
  const { outputs } = node;
  for (let i = 0; i < outputs.length; i++) {
    const shape = topShapes[i];
    if (shape) setShape(builder.tensorById(outputs[i].tensor), shapes.share(shape));
  }
  return node;
}

/** Everything in the layer's message but what the graph already shows as the node's name, type, edges and weights. */
function attributesOf(layer: CaffeLayer): Record<string, AttrValue> {
  let attributes: Record<string, AttrValue> | undefined;
  for (const key in layer.message) {
    if (NOT_ATTRIBUTES.has(key)) continue;
    attributes ??= {};
    attributes[key] = layer.message[key] as AttrValue;
  }
  // Layers without settings (ReLU, Softmax …) share one empty, frozen record.
  return attributes ?? NO_ATTRIBUTES;
}

const NO_ATTRIBUTES: Record<string, AttrValue> = Object.freeze({}) as Record<string, AttrValue>;
const NO_WEIGHTS: WeightRef[] = Object.freeze([]) as unknown as WeightRef[];

/**
 * Most nets read their inputs through layers rather than net-level declarations (Data or
 * ImageData in a train/test net, Input in a newer deploy net): the tops of such a layer with no
 * bottoms feed the net too, after the declared inputs and once per name.
 */
function addDataLayerInputs(builder: GraphBuilder, layers: CaffeLayer[], nodes: GraphNode[], inputs: NamedTensors): void {
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    if (layer.bottoms.length > 0 || !DATA_LAYER_TYPES.has(layer.type)) continue;
    for (const port of nodes[i].outputs) {
      const name = builder.tensorById(port.tensor)!.name;
      if (!inputs.has(name)) inputs.set(name, port.tensor);
    }
  }
}

/** Weights in the caffemodel that no layer took: usually a caffemodel of another net, worth saying so. */
function warnUnusedWeights(pairing: WeightsByName, warnings: ModelWarning[]): void {
  for (const record of pairing.weights.layers) {
    if (record.blobs.length > 0 && !pairing.used.has(record)) {
      warnings.push({
        file: pairing.weights.file,
        place: atByte(record.start),
        code: 'caffe.weights-unused',
        message: t('weights for layer \'{0}\' match no layer of the net; ignored', record.name),
      });
    }
  }
}

/** Caffe's own rule for a net's outputs: tops that no later layer reads, once per name, in the order they are written. */
function netOutputs(layers: CaffeLayer[], nodes: GraphNode[]): NamedTensors {
  const outputs: NamedTensors = new Map();
  const lastRead = new Map<string, number>();
  for (let i = 0; i < layers.length; i++) for (const b of layers[i].bottoms) lastRead.set(b, i);
  for (let i = 0; i < layers.length; i++) {
    const { tops } = layers[i];
    for (let k = 0; k < tops.length; k++) {
      const top = tops[k];
      if ((lastRead.get(top) ?? -1) > i || outputs.has(top)) continue;
      outputs.set(top, nodes[i].outputs[k].tensor);
    }
  }
  return outputs;
}

/**
 * The layers that carry weights, once per name in file order: from the separate caffemodel when
 * there is one (whether or not the net uses them all), else the blobs the layers hold themselves.
 */
function paramNames(layers: CaffeLayer[], weightsLayers: LayerRecord[] | undefined): string[] {
  const params = new Set<string>();
  if (weightsLayers) {
    for (const record of weightsLayers) if (record.blobs.length > 0) params.add(record.name);
  } else {
    for (const layer of layers) if (layer.blobs && layer.blobs.length > 0) params.add(layer.name);
  }
  return [...params];
}

/** What `info` says of the net's inputs or outputs: every shape Caffe infers is float32. */
function summaries(named: NamedTensors, tensors: Record<string, Tensor>): TensorSummary[] {
  return [...named].map(([name, id]) => {
    const shape = tensors[id]?.shape;
    return { name, shape: shape ? [...shape] : null, dtype: shape ? 'float32' : null };
  });
}

function setShape(tensor: { shape?: Shape; dtype?: string } | undefined, shape: Shape | undefined): void {
  if (!tensor || !shape) return;
  tensor.shape = shape;
  tensor.dtype = 'float32';
}

function weightRefs(layer: string, blobs: BlobRecord[]): WeightRef[] {
  const refs: WeightRef[] = new Array<WeightRef>(blobs.length);
  for (let i = 0; i < blobs.length; i++) {
    const blob = blobs[i];
    refs[i] = { slot: `blobs[${i}]`, name: `${layer}/blobs[${i}]`, key: blob.key, shape: [...blob.shape], dtype: blob.dtype };
  }
  return refs;
}

function checkBlobs(layer: CaffeLayer, record: LayerRecord, bottom: Shape | undefined, options: AssembleOptions): void {
  const expected = expectedBlobCounts(layer.type, layer.message, bottom);
  if (!expected) return;
  const actual = record.blobs.map((b) => b.shape.reduce((x, y) => x * y, 1));
  const same = expected.length === actual.length && expected.every((e, i) => e === actual[i]);
  if (same) return;
  options.warnings.push({
    file: options.weights?.file ?? options.file,
    place: record.start !== undefined ? atByte(record.start) : wholeFile,
    code: 'caffe.weight-shape',
    message: actual.length > 0
      ? t('layer \'{0}\' ({1}) expects blobs of {2} values but the weights hold {3}', layer.name, layer.type, expected.join(', '), actual.join(', '))
      : t('layer \'{0}\' ({1}) expects blobs of {2} values but the weights hold none', layer.name, layer.type, expected.join(', ')),
  });
}
