// The graph as the webview and its layout worker get it: flat typed arrays and one table of
// interned strings, so a 275,000-layer net crosses postMessage as a few dozen ArrayBuffers (moved,
// not serialised to JSON) instead of hundreds of megabytes of objects. Attributes, weights' bytes
// and long text stay on the extension host and are asked for by node id.
//
// Pure data and pure functions: no DOM, no Node. The CLI's drawing, the webview and the worker
// read it with CompactGraphReader.

import type { Graph, Shape } from './graph';

export interface CompactGraph {
  /** UTF-8 of every string back to back; string i is bytes [stringStarts[i], stringStarts[i + 1]). */
  stringBytes: Uint8Array;
  stringStarts: Uint32Array;

  nodeCount: number;
  nodeId: Uint32Array;
  nodeName: Uint32Array;
  nodeType: Uint32Array;
  /** Index into the groups, -1 for the top level. */
  nodeGroup: Int32Array;
  /** Node i reads tensors nodeInputs[nodeInputStart[i] .. nodeInputStart[i + 1]); the same for outputs. */
  nodeInputStart: Uint32Array;
  nodeInputs: Uint32Array;
  nodeOutputStart: Uint32Array;
  nodeOutputs: Uint32Array;
  /** Node i carries weights weightName/weightShape[nodeWeightStart[i] .. nodeWeightStart[i + 1]). */
  nodeWeightStart: Uint32Array;
  weightName: Uint32Array;
  weightShape: Int32Array;

  tensorCount: number;
  tensorId: Uint32Array;
  tensorName: Uint32Array;
  /** String index of the dtype, -1 when unknown. */
  tensorDtype: Int32Array;
  /** Index into the shapes, -1 when unknown. */
  tensorShape: Int32Array;
  /** Node index, -1 for tensors fed from outside. */
  tensorProducer: Int32Array;

  /** Shape i is shapeDims[shapeStarts[i] .. shapeStarts[i + 1]); -1 marks an open dimension. */
  shapeStarts: Uint32Array;
  shapeDims: Float64Array;

  /** One edge per (producer, consumer, tensor): what the drawing connects. */
  edgeCount: number;
  edgeFrom: Uint32Array;
  edgeTo: Uint32Array;
  edgeTensor: Uint32Array;

  /** Groups (name-prefix, Paddle block, PIR region): the full path as a string, and the parent group or -1. */
  groupCount: number;
  groupPath: Uint32Array;
  groupParent: Int32Array;

  /** Tensor indices of the model's inputs and outputs. */
  inputs: Uint32Array;
  outputs: Uint32Array;
}

/** UTF-8 bytes of a string, as TextEncoder writes it (a lone surrogate becomes U+FFFD, 3 bytes). */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

/** Interns strings and shapes as the encoder meets them. */
class Tables {
  readonly strings = new Map<string, number>();
  private readonly order: string[] = [];
  readonly shapes = new Map<string, number>();
  readonly shapeStarts: number[] = [0];
  readonly shapeDims: number[] = [];

  string(s: string): number {
    let i = this.strings.get(s);
    if (i === undefined) {
      i = this.order.length;
      this.order.push(s);
      this.strings.set(s, i);
    }
    return i;
  }

  shape(shape: Shape | undefined): number {
    if (!shape) return -1;
    const key = shape.join(',');
    let i = this.shapes.get(key);
    if (i === undefined) {
      i = this.shapeStarts.length - 1;
      for (const d of shape) this.shapeDims.push(d);
      this.shapeStarts.push(this.shapeDims.length);
      this.shapes.set(key, i);
    }
    return i;
  }

  /** All strings as one UTF-8 buffer, encoded in one call, with each string's byte offset. */
  encodeStrings(): { stringBytes: Uint8Array; stringStarts: Uint32Array } {
    const order = this.order;
    const stringStarts = new Uint32Array(order.length + 1);
    let total = 0;
    for (let i = 0; i < order.length; i++) {
      stringStarts[i] = total;
      total += utf8Length(order[i]);
    }
    stringStarts[order.length] = total;
    const stringBytes = new TextEncoder().encode(order.join(''));
    return { stringBytes, stringStarts };
  }
}

export function toCompactGraph(graph: Graph): CompactGraph {
  const tables = new Tables();
  const tensorIds = Object.keys(graph.tensors);
  const tensorIndex = new Map<string, number>();
  tensorIds.forEach((id, i) => tensorIndex.set(id, i));
  const nodeIndex = new Map<string, number>();
  graph.nodes.forEach((n, i) => nodeIndex.set(n.id, i));

  const groupIndex = new Map<string, number>();
  const groupPath: number[] = [];
  const groupParent: number[] = [];
  const groupOf = (path: string[] | undefined): number => {
    if (!path || path.length === 0) return -1;
    let parent = -1;
    let key = '';
    for (const part of path) {
      key = key ? `${key}/${part}` : part;
      let g = groupIndex.get(key);
      if (g === undefined) {
        g = groupPath.length;
        groupPath.push(tables.string(key));
        groupParent.push(parent);
        groupIndex.set(key, g);
      }
      parent = g;
    }
    return parent;
  };

  const n = graph.nodes.length;
  const nodeId = new Uint32Array(n);
  const nodeName = new Uint32Array(n);
  const nodeType = new Uint32Array(n);
  const nodeGroup = new Int32Array(n);
  const nodeInputStart = new Uint32Array(n + 1);
  const nodeOutputStart = new Uint32Array(n + 1);
  const nodeWeightStart = new Uint32Array(n + 1);
  const inputs: number[] = [];
  const outputs: number[] = [];
  const weightName: number[] = [];
  const weightShape: number[] = [];
  graph.nodes.forEach((node, i) => {
    nodeId[i] = tables.string(node.id);
    // Most nodes are named as their id: no second lookup.
    nodeName[i] = node.name === node.id ? nodeId[i] : tables.string(node.name);
    nodeType[i] = tables.string(node.type);
    nodeGroup[i] = groupOf(node.group);
    for (const p of node.inputs) inputs.push(tensorIndex.get(p.tensor) ?? 0);
    for (const p of node.outputs) outputs.push(tensorIndex.get(p.tensor) ?? 0);
    for (const w of node.weights) {
      weightName.push(tables.string(w.name));
      weightShape.push(tables.shape(w.shape));
    }
    nodeInputStart[i + 1] = inputs.length;
    nodeOutputStart[i + 1] = outputs.length;
    nodeWeightStart[i + 1] = weightName.length;
  });

  const t = tensorIds.length;
  const tensorId = new Uint32Array(t);
  const tensorName = new Uint32Array(t);
  const tensorDtype = new Int32Array(t);
  const tensorShape = new Int32Array(t);
  const tensorProducer = new Int32Array(t);
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  const edgeTensor: number[] = [];
  tensorIds.forEach((id, i) => {
    const tensor = graph.tensors[id];
    tensorId[i] = tables.string(id);
    tensorName[i] = tensor.name === id ? tensorId[i] : tables.string(tensor.name);
    tensorDtype[i] = tensor.dtype ? tables.string(tensor.dtype) : -1;
    tensorShape[i] = tables.shape(tensor.shape);
    const producer = tensor.producer === undefined ? -1 : (nodeIndex.get(tensor.producer) ?? -1);
    tensorProducer[i] = producer;
    if (producer < 0) return;
    // A node that reads the same tensor twice (x + x) is one edge.
    let last = -1;
    for (const consumer of tensor.consumers) {
      const to = nodeIndex.get(consumer);
      if (to === undefined || to === last) continue;
      last = to;
      edgeFrom.push(producer);
      edgeTo.push(to);
      edgeTensor.push(i);
    }
  });

  const toIndices = (ids: string[]) => Uint32Array.from(ids.map((id) => tensorIndex.get(id) ?? 0));
  return {
    ...tables.encodeStrings(),
    nodeCount: n,
    nodeId,
    nodeName,
    nodeType,
    nodeGroup,
    nodeInputStart,
    nodeInputs: Uint32Array.from(inputs),
    nodeOutputStart,
    nodeOutputs: Uint32Array.from(outputs),
    nodeWeightStart,
    weightName: Uint32Array.from(weightName),
    weightShape: Int32Array.from(weightShape),
    tensorCount: t,
    tensorId,
    tensorName,
    tensorDtype,
    tensorShape,
    tensorProducer,
    shapeStarts: Uint32Array.from(tables.shapeStarts),
    shapeDims: Float64Array.from(tables.shapeDims),
    edgeCount: edgeFrom.length,
    edgeFrom: Uint32Array.from(edgeFrom),
    edgeTo: Uint32Array.from(edgeTo),
    edgeTensor: Uint32Array.from(edgeTensor),
    groupCount: groupPath.length,
    groupPath: Uint32Array.from(groupPath),
    groupParent: Int32Array.from(groupParent),
    inputs: toIndices(graph.inputs),
    outputs: toIndices(graph.outputs),
  };
}

/** The ArrayBuffers of a compact graph, for postMessage's transfer list (each array owns its buffer). */
export function compactGraphBuffers(graph: CompactGraph): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const value of Object.values(graph)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer && !buffers.includes(value.buffer)) buffers.push(value.buffer);
  }
  return buffers;
}

/** Reads strings, shapes and ports out of a compact graph, decoding each string once. */
export class CompactGraphReader {
  private readonly decoded: (string | undefined)[];
  private readonly decoder = new TextDecoder();

  constructor(readonly graph: CompactGraph) {
    this.decoded = new Array(graph.stringStarts.length - 1);
  }

  string(i: number): string {
    let s = this.decoded[i];
    if (s === undefined) {
      const g = this.graph;
      s = this.decoder.decode(g.stringBytes.subarray(g.stringStarts[i], g.stringStarts[i + 1]));
      this.decoded[i] = s;
    }
    return s;
  }

  nodeId(node: number): string {
    return this.string(this.graph.nodeId[node]);
  }

  nodeType(node: number): string {
    return this.string(this.graph.nodeType[node]);
  }

  tensorName(tensor: number): string {
    return this.string(this.graph.tensorName[tensor]);
  }

  /** The tensor's shape, or undefined when the reader could not tell it. */
  tensorShape(tensor: number): Shape | undefined {
    return this.shape(this.graph.tensorShape[tensor]);
  }

  tensorDtype(tensor: number): string | undefined {
    const d = this.graph.tensorDtype[tensor];
    return d < 0 ? undefined : this.string(d);
  }

  shape(i: number): Shape | undefined {
    if (i < 0) return undefined;
    const g = this.graph;
    return Array.from(g.shapeDims.subarray(g.shapeStarts[i], g.shapeStarts[i + 1]));
  }

  /** Tensor indices the node reads. */
  nodeInputs(node: number): Uint32Array {
    const g = this.graph;
    return g.nodeInputs.subarray(g.nodeInputStart[node], g.nodeInputStart[node + 1]);
  }

  nodeOutputs(node: number): Uint32Array {
    const g = this.graph;
    return g.nodeOutputs.subarray(g.nodeOutputStart[node], g.nodeOutputStart[node + 1]);
  }

  /** The node index of an id, by a map built on first use. */
  nodeIndex(id: string): number | undefined {
    if (!this.byId) {
      this.byId = new Map();
      for (let i = 0; i < this.graph.nodeCount; i++) this.byId.set(this.nodeId(i), i);
    }
    return this.byId.get(id);
  }

  private byId: Map<string, number> | undefined;
}
