// Builds a Graph from nodes written in program order. It owns the two rules that make edges
// unambiguous: a name written again (an in-place Caffe layer, a Paddle op that overwrites its
// input) becomes a new tensor version, and node ids are unique however often a name repeats.

import { UniqueNames } from '../uniqueNames';
import type { AttrValue, Graph, GraphNode, NodeOrigin, Port, SourceRange, Tensor, WeightRef } from './graph';

export interface NodeSpec {
  /** Preferred id; made unique with `#k` when taken. */
  id: string;
  name: string;
  type: string;
  attributes?: Record<string, AttrValue>;
  inputs: { slot: string; name: string }[];
  outputs: { slot: string; name: string }[];
  weights?: WeightRef[];
  group?: string[];
  location?: SourceRange;
  block?: number;
  origin: NodeOrigin;
}

/**
 * A node whose ports are given as names and slots side by side: what a reader that has its
 * layers' names in lists already (Caffe's bottoms and tops) passes, without one object per port.
 * `inputSlots[i]` is the slot of `inputNames[i]`; slot lists may be longer than the names.
 */
export interface NamedPortsSpec extends Omit<NodeSpec, 'inputs' | 'outputs'> {
  inputNames: readonly string[];
  inputSlots: readonly string[];
  outputNames: readonly string[];
  outputSlots: readonly string[];
}

/** Shared by every tensor nothing reads yet; frozen, so a push to it instead of a new list fails loudly. */
const NO_CONSUMERS: string[] = Object.freeze([]) as unknown as string[];

export class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  /**
   * Tensors by id: the record the Graph carries, filled as tensors are made rather than copied
   * from a Map at the end (a million tensors would be held twice). Null prototype: a tensor may be
   * called `constructor`.
   */
  private readonly tensors: Record<string, Tensor> = Object.create(null) as Record<string, Tensor>;
  /**
   * name → its newest version, only for names whose newest version is not the tensor of the same
   * id (a name written again, or one whose id was taken): every other name finds its newest
   * version as `tensors[name]`, so a net without in-place layers keeps no second index of names.
   */
  private readonly renamed = new Map<string, Tensor>();
  /** Versions made of a name, kept only for names written more than once (in-place layers). */
  private readonly versionCount = new Map<string, number>();
  private readonly nodeIds = new UniqueNames();

  /** The newest version of `name`, created without a producer when nothing has written it yet. */
  tensorFor(name: string): Tensor {
    return this.current(name) ?? this.newVersion(name);
  }

  /** A tensor by id (a port's `tensor`). */
  tensorById(id: string): Tensor | undefined {
    return this.tensors[id];
  }

  hasTensor(name: string): boolean {
    return this.current(name) !== undefined;
  }

  /** The newest version of `name`, if any. */
  current(name: string): Tensor | undefined {
    if (this.renamed.size > 0) {
      const newest = this.renamed.get(name);
      if (newest) return newest;
    }
    const tensor = this.tensors[name];
    return tensor !== undefined && tensor.name === name ? tensor : undefined;
  }

  addNode(spec: NodeSpec): GraphNode {
    const id = this.nodeIds.take(spec.id);
    const inputs: Port[] = new Array<Port>(spec.inputs.length);
    for (let i = 0; i < inputs.length; i++) inputs[i] = this.readPort(spec.inputs[i].slot, spec.inputs[i].name, id);
    const outputs: Port[] = new Array<Port>(spec.outputs.length);
    for (let i = 0; i < outputs.length; i++) outputs[i] = this.writePort(spec.outputs[i].slot, spec.outputs[i].name, id);
    return this.push(id, spec, inputs, outputs);
  }

  /** addNode for ports given as lists of names and slots. */
  addNodeWithNamedPorts(spec: NamedPortsSpec): GraphNode {
    const id = this.nodeIds.take(spec.id);
    const { inputNames, inputSlots, outputNames, outputSlots } = spec;
    const inputs: Port[] = new Array<Port>(inputNames.length);
    for (let i = 0; i < inputs.length; i++) inputs[i] = this.readPort(inputSlots[i], inputNames[i], id);
    const outputs: Port[] = new Array<Port>(outputNames.length);
    for (let i = 0; i < outputs.length; i++) outputs[i] = this.writePort(outputSlots[i], outputNames[i], id);
    return this.push(id, spec, inputs, outputs);
  }

  isNodeIdTaken(id: string): boolean {
    return this.nodeIds.has(id);
  }

  build(inputs: string[], outputs: string[]): Graph {
    return { nodes: this.nodes, tensors: this.tensors, inputs, outputs };
  }

  /** All tensors, for readers that fill in shapes and dtypes afterwards. */
  allTensors(): Record<string, Tensor> {
    return this.tensors;
  }

  private readPort(slot: string, name: string, reader: string): Port {
    const tensor = this.tensorFor(name);
    // Most tensors have one reader: an exact one-element list, where push on an empty
    // list would reserve room for sixteen (a million tensors: a hundred-odd MB).
    if (tensor.consumers.length === 0) tensor.consumers = [reader];
    else tensor.consumers.push(reader);
    return { slot, tensor: tensor.id };
  }

  private writePort(slot: string, name: string, writer: string): Port {
    return { slot, tensor: this.writeTensor(name, writer).id };
  }

  private push(id: string, spec: Omit<NodeSpec, 'inputs' | 'outputs'>, inputs: Port[], outputs: Port[]): GraphNode {
    // The optional fields are declared in the literal (undefined when absent) so that every node
    // has one layout and no separate property store.
    const node: GraphNode = {
      id,
      name: spec.name,
      type: spec.type,
      attributes: spec.attributes ?? {},
      inputs,
      outputs,
      weights: spec.weights ?? [],
      origin: spec.origin,
      group: spec.group && spec.group.length > 0 ? spec.group : undefined,
      location: spec.location,
      block: spec.block,
    };
    this.nodes.push(node);
    return node;
  }

  private writeTensor(name: string, producer: string): Tensor {
    // The first write of a name that is declared but neither written nor read yet takes that
    // tensor: a Caffe net-level `input` (with its shape) that an Input layer then writes is one
    // tensor, not two. Once something has read it, a write is a new version.
    const unwritten = this.current(name);
    if (unwritten && unwritten.producer === undefined && unwritten.consumers.length === 0) {
      unwritten.producer = producer;
      return unwritten;
    }
    const tensor = this.newVersion(name, unwritten !== undefined);
    tensor.producer = producer;
    return tensor;
  }

  private newVersion(name: string, written = this.current(name) !== undefined): Tensor {
    const k = written ? (this.versionCount.get(name) ?? 1) : 0;
    if (k > 0) this.versionCount.set(name, k + 1);
    let id = k === 0 ? name : `${name}#${k}`;
    while (this.tensors[id] !== undefined) id = `${id}'`;
    // Every field a reader may set later is declared now, so the object keeps them in place
    // instead of growing a separate property store per tensor.
    const tensor: Tensor = { id, name, shape: undefined, dtype: undefined, producer: undefined, consumers: NO_CONSUMERS };
    this.tensors[id] = tensor;
    if (id !== name) this.renamed.set(name, tensor);
    return tensor;
  }
}
