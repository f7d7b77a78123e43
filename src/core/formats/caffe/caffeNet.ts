// Turns a Caffe net (layers read from a prototxt or a caffemodel) into the common Graph and the
// `npu-deploy info` figures: which tensors are inputs and outputs, their shapes, and which layers
// carry weights. The rules are Caffe's: net-level `input`s and data-layer tops feed the net, tops
// that no later layer reads are its outputs, and weights attach to layers by name.

import type { GraphNode, Graph, Shape, SourceRange, WeightRef, AttrValue } from '../../graph/graph';
import { GraphBuilder } from '../../graph/graphBuilder';
import { atByte, wholeFile, type FilePlace } from '../../errors';
import { t } from '../../l10n';
import type { ModelWarning, TensorSummary } from '../../model';
import type { BlobRecord, LayerRecord } from './caffemodelIndex';
import { expectedBlobCounts } from './blobCounts';
import { blobShapes } from './layerShapes';
import { type ProtoMessage, numbersOf, stringsOf, valuesOf } from './protoMessage';
import { topShapesOf } from './shapeRules';
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
    const layer = describe(layout.blockMessage[block], field === 'layer' ? 2 : 1) as CaffeLayer;
    layer.location = layout.blockRange(block);
    layer.place = { kind: 'text', line: layer.location.line, column: layer.location.column };
    layers.push(layer);
  }
  return layers;
}

/** The layers of an indexed caffemodel, with their blobs. */
export function layersOfBinary(records: LayerRecord[]): CaffeLayer[] {
  return records.map((r) => ({ ...describe(r.message, r.version), type: r.type, place: atByte(r.start), blobs: r.blobs }));
}

function describe(message: ProtoMessage, version: 1 | 2): Omit<CaffeLayer, 'place'> {
  const type = layerTypeOf(message.type, version);
  return {
    name: typeof message.name === 'string' ? message.name : '',
    type,
    version,
    message,
    bottoms: stringsOf(message, 'bottom'),
    tops: stringsOf(message, 'top'),
  };
}

const NOT_ATTRIBUTES = new Set(['name', 'type', 'bottom', 'top', 'blobs']);

// One string per slot, shared by every node: a big net has hundreds of thousands of ports.
const SLOTS = { bottom: [] as string[], top: [] as string[] };
function slotName(kind: 'bottom' | 'top', i: number): string {
  return (SLOTS[kind][i] ??= `${kind}[${i}]`);
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

export function assembleNet(net: ProtoMessage, layers: CaffeLayer[], options: AssembleOptions): AssembledNet {
  const builder = new GraphBuilder();
  const inputNames: string[] = [];
  const inputTensor = new Map<string, string>();
  const netInputs = stringsOf(net, 'input');
  const inputShapes = blobShapes(valuesOf(net, 'input_shape'));
  const inputDims = numbersOf(net, 'input_dim');
  netInputs.forEach((name, i) => {
    const shape = inputShapes[i] ?? (inputDims.length >= 4 * (i + 1) ? inputDims.slice(4 * i, 4 * i + 4) : undefined);
    const tensor = builder.tensorFor(name);
    setShape(tensor, shape);
    if (!inputTensor.has(name)) {
      inputNames.push(name);
      inputTensor.set(name, tensor.id);
    }
  });

  const byName = new Map<string, LayerRecord[]>();
  for (const record of options.weights?.layers ?? []) {
    if (record.blobs.length === 0) continue;
    const list = byName.get(record.name) ?? [];
    list.push(record);
    byName.set(record.name, list);
  }
  const seenNames = new Map<string, number>();
  const usedRecords = new Set<LayerRecord>();

  const nodes: { node: GraphNode; layer: CaffeLayer }[] = [];
  for (let layerIndex = 0; layerIndex < layers.length; layerIndex++) {
    const layer = layers[layerIndex];
    const bottomShapes = layer.bottoms.map((b) => shapeOf(builder, b));
    let blobs = layer.blobs;
    if (!blobs && options.weights) {
      // The k-th layer of a name takes the k-th weights of that name (TRAIN/TEST copies), else the first.
      const occurrence = seenNames.get(layer.name) ?? 0;
      seenNames.set(layer.name, occurrence + 1);
      const candidates = byName.get(layer.name);
      const record = candidates?.[occurrence] ?? candidates?.[0];
      if (record) {
        usedRecords.add(record);
        blobs = record.blobs;
        checkBlobs(layer, record, bottomShapes[0], options);
      }
    }
    const attributes: Record<string, AttrValue> = {};
    for (const key in layer.message) if (!NOT_ATTRIBUTES.has(key)) attributes[key] = layer.message[key] as AttrValue;
    const node = builder.addNode({
      id: layer.name,
      name: layer.name,
      type: layer.type,
      attributes,
      inputs: layer.bottoms.map((name, i) => ({ slot: slotName('bottom', i), name })),
      outputs: layer.tops.map((name, i) => ({ slot: slotName('top', i), name })),
      weights: (blobs ?? []).map((b, i) => weightRef(layer.name, b, i)),
      location: layer.location,
      origin: { kind: 'layer', index: layerIndex },
    });
    const topShapes = topShapesOf(layer, bottomShapes, (problem) =>
      options.warnings.push({ file: options.file, place: layer.place, code: 'caffe.shape', message: t('layer \'{0}\' ({1}): {2}', layer.name, layer.type, problem) }),
    );
    node.outputs.forEach((port, i) => setShape(builder.tensorById(port.tensor)!, topShapes[i]));
    nodes.push({ node, layer });
    if (layer.bottoms.length === 0 && DATA_LAYER_TYPES.has(layer.type)) {
      node.outputs.forEach((port) => {
        const name = builder.tensorById(port.tensor)!.name;
        if (!inputTensor.has(name)) {
          inputNames.push(name);
          inputTensor.set(name, port.tensor);
        }
      });
    }
  }

  for (const record of options.weights?.layers ?? []) {
    if (record.blobs.length > 0 && !usedRecords.has(record)) {
      options.warnings.push({
        file: options.weights!.file,
        place: atByte(record.start),
        code: 'caffe.weights-unused',
        message: t('weights for layer \'{0}\' match no layer of the net; ignored', record.name),
      });
    }
  }

  // Outputs: tops that no later layer reads, once per name, in the order they are written.
  const outputNames: string[] = [];
  const outputTensor = new Map<string, string>();
  const lastRead = new Map<string, number>();
  nodes.forEach(({ layer }, i) => layer.bottoms.forEach((b) => lastRead.set(b, i)));
  nodes.forEach(({ node, layer }, i) => {
    layer.tops.forEach((top, t) => {
      if ((lastRead.get(top) ?? -1) > i || outputTensor.has(top)) return;
      outputNames.push(top);
      outputTensor.set(top, node.outputs[t].tensor);
    });
  });

  const tensors = builder.allTensors();
  const summary = (name: string, id: string): TensorSummary => {
    const shape = tensors[id]?.shape;
    return { name, shape: shape ? [...shape] : null, dtype: shape ? 'float32' : null };
  };
  const graph = builder.build(
    inputNames.map((n) => inputTensor.get(n)!),
    outputNames.map((n) => outputTensor.get(n)!),
  );
  const params: string[] = [];
  const source = options.weights?.layers ?? layers.filter((l) => l.blobs && l.blobs.length > 0).map((l) => ({ name: l.name, blobs: l.blobs! }));
  for (const record of source) if (record.blobs.length > 0 && !params.includes(record.name)) params.push(record.name);
  return {
    graph,
    inputs: inputNames.map((n) => summary(n, inputTensor.get(n)!)),
    outputs: outputNames.map((n) => summary(n, outputTensor.get(n)!)),
    params,
  };
}

function shapeOf(builder: GraphBuilder, name: string): Shape | undefined {
  if (!builder.hasTensor(name)) return undefined;
  return builder.tensorFor(name).shape;
}

function setShape(tensor: { shape?: Shape; dtype?: string } | undefined, shape: Shape | undefined): void {
  if (!tensor || !shape) return;
  tensor.shape = shape;
  tensor.dtype = 'float32';
}

function weightRef(layer: string, blob: BlobRecord, i: number): WeightRef {
  return { slot: `blobs[${i}]`, name: `${layer}/blobs[${i}]`, key: blob.key, shape: [...blob.shape], dtype: blob.dtype };
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
