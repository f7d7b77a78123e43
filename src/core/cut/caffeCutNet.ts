// Plans a Caffe sub-model from a range selection: the selected layers as they were written (their
// settings untouched), an Input layer for every tensor entering the selection from outside, and
// which layer records of the caffemodel carry their weights. Pure: nothing is read or written
// here (caffeCut.ts writes), so the plan is what the tests check against the files.

import type { Graph, GraphNode, Shape } from '../graph/graph';
import type { RangeSelection, RangeTensor } from '../graph/rangeSelection';
import type { CaffemodelIndex, LayerRecord } from '../formats/caffe/caffemodelIndex';
import type { CaffeLayer } from '../formats/caffe/caffeNet';
import type { ProtoMessage, ProtoValue } from '../formats/caffe/protoMessage';
import type { CaffemodelSource, CaffeTextSource } from '../formats/formatSource';
import { UniqueNames } from '../uniqueNames';
import { t } from '../l10n';
import type { AddedInput, CutTensor } from './cutResult';

export interface CaffeCutPlan {
  /** The NetParameter of dump.prototxt. */
  net: ProtoMessage;
  inputs: CutTensor[];
  outputs: CutTensor[];
  added: AddedInput[];
  /** Selected layer names, in file order. */
  exported: string[];
  /** The caffemodel and the layer records to copy from it; absent when the model has no weights. */
  weights?: { index: CaffemodelIndex; keep: Set<LayerRecord> };
  warnings: string[];
}

export function planCaffeCut(graph: Graph, source: CaffeTextSource | CaffemodelSource, selection: RangeSelection, netName: string): CaffeCutPlan {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes = selection.nodes.map((id) => byId.get(id)!);
  const layers = nodes.map((n) => layerOf(source, n));
  const warnings: string[] = [];
  const names = writtenNames(selection.inputs);
  const written = (tensorId: string) => names.get(tensorId) ?? graph.tensors[tensorId].name;

  // An input a selected layer writes itself (an Input or Data layer inside the range) needs no
  // declaration: the layer is there.
  const selected = new Set(selection.nodes);
  const layerNames = new UniqueNames();
  for (const layer of layers) layerNames.take(layer.name);
  const added: AddedInput[] = [];
  for (const input of selection.inputs) {
    const producer = graph.tensors[input.tensor].producer;
    if (producer !== undefined && selected.has(producer)) continue;
    const tensor = cutTensor(input, written(input.tensor));
    if (!tensor.shape) warnings.push(t('the shape of the entering tensor {0} is unknown: its input is declared without one', tensor.name));
    added.push({ declaredBy: layerNames.take(tensor.name), tensor });
  }

  const messages = nodes.map((node, i) => withPorts(layers[i].message, node.inputs.map((p) => written(p.tensor)), node.outputs.map((p) => written(p.tensor))));
  const v1 = layers.some((l) => l.version === 1);
  const net: ProtoMessage = { name: netName };
  if (v1) {
    // A V1 net cannot hold a V2 Input layer (Caffe refuses `layer` beside `layers`): its inputs
    // are declared at net level, as V1 deploy nets did.
    net.input = added.map((a) => a.tensor.name);
    const shapes = added.filter((a) => a.tensor.shape).map((a) => ({ dim: a.tensor.shape! }) as ProtoMessage);
    if (shapes.length === added.length && shapes.length > 0) net.input_shape = shapes;
    const v2 = messages.filter((_, i) => layers[i].version === 2);
    if (v2.length > 0) net.layer = v2;
    net.layers = messages.filter((_, i) => layers[i].version === 1);
  } else {
    net.layer = [...added.map(inputLayer), ...messages];
  }
  return {
    net,
    inputs: selection.inputs.map((i) => cutTensor(i, written(i.tensor))),
    outputs: selection.outputs.map((o) => cutTensor(o, written(o.tensor))),
    added,
    exported: layers.map((l) => l.name),
    weights: weightRecords(source, nodes),
    warnings,
  };
}

function layerOf(source: CaffeTextSource | CaffemodelSource, node: GraphNode): CaffeLayer {
  const layer = node.origin.kind === 'layer' ? source.layers[node.origin.index] : undefined;
  if (!layer) throw new Error(`node ${node.id} has no Caffe layer behind it`);
  return layer;
}

/**
 * The names the cut gives tensors: the file's own, so the layers keep their bottoms and tops and
 * in-place chains stay in place. Only when two versions of one name enter from outside (an
 * in-place layer left out between two readers) does the later version take its graph id
 * (`name#1`), and its readers are rewired to it.
 */
function writtenNames(inputs: readonly RangeTensor[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const input of inputs) {
    const name = used.has(input.name) ? input.tensor : input.name;
    used.add(name);
    names.set(input.tensor, name);
  }
  return names;
}

function cutTensor(ref: RangeTensor, name: string): CutTensor {
  return { name, shape: ref.shape, dtype: ref.dtype ?? (ref.shape ? 'float32' : null) };
}

/** The layer's message with these bottoms and tops, its other fields in their order; the same object when nothing changes. */
function withPorts(message: ProtoMessage, bottoms: string[], tops: string[]): ProtoMessage {
  const same = (field: string, names: string[]) => {
    const v = message[field];
    const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
    return list.length === names.length && list.every((x, i) => x === names[i]);
  };
  if (same('bottom', bottoms) && same('top', tops)) return message;
  const out: ProtoMessage = {};
  for (const [key, value] of Object.entries(message)) {
    out[key] = key === 'bottom' ? (bottoms as ProtoValue[]) : key === 'top' ? (tops as ProtoValue[]) : value;
  }
  return out;
}

function inputLayer(input: AddedInput): ProtoMessage {
  const layer: ProtoMessage = { name: input.declaredBy, type: 'Input', top: [input.tensor.name] };
  if (input.tensor.shape) layer.input_param = { shape: [{ dim: shapeDims(input.tensor.shape) }] };
  return layer;
}

function shapeDims(shape: Shape): number[] {
  return [...shape];
}

/**
 * The caffemodel records to copy: for a prototxt, those the selected layers took their weights
 * from (paired by name when the model was opened); for a caffemodel opened alone, the selected
 * layers' own records, weights or not, so cutting all of it gives back all of it.
 */
function weightRecords(source: CaffeTextSource | CaffemodelSource, nodes: GraphNode[]): CaffeCutPlan['weights'] {
  if (source.kind === 'caffemodel') {
    const keep = new Set<LayerRecord>();
    for (const node of nodes) if (node.origin.kind === 'layer') keep.add(source.index.layers[node.origin.index]);
    return { index: source.index, keep };
  }
  const index = source.weights;
  if (!index) return undefined;
  const byBlobKey = new Map<string, LayerRecord>();
  for (const record of index.layers) for (const blob of record.blobs) byBlobKey.set(blob.key, record);
  const keep = new Set<LayerRecord>();
  for (const node of nodes) {
    for (const w of node.weights) {
      const record = w.key === undefined ? undefined : byBlobKey.get(w.key);
      if (record) keep.add(record);
    }
  }
  return { index, keep };
}
