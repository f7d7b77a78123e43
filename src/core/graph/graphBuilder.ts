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

/** Shared by every tensor nothing reads yet; frozen, so a push to it instead of a new list fails loudly. */
const NO_CONSUMERS: string[] = Object.freeze([]) as unknown as string[];

export class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  // A Map while building: a plain object as a dictionary interns every key it is given, which for
  // a million tensor names costs seconds; the record the Graph carries is made once, at the end.
  private readonly tensors = new Map<string, Tensor>();
  private tensorRecord: Record<string, Tensor> | undefined;
  /** name → the newest version of that tensor. */
  private readonly current = new Map<string, Tensor>();
  /** Versions made of a name, kept only for names written more than once (in-place layers). */
  private readonly versionCount = new Map<string, number>();
  private readonly nodeIds = new UniqueNames();

  /** The newest version of `name`, created without a producer when nothing has written it yet. */
  tensorFor(name: string): Tensor {
    return this.current.get(name) ?? this.newVersion(name);
  }

  /** A tensor by id (a port's `tensor`). */
  tensorById(id: string): Tensor | undefined {
    return this.tensors.get(id);
  }

  hasTensor(name: string): boolean {
    return this.current.has(name);
  }

  addNode(spec: NodeSpec): GraphNode {
    const id = this.uniqueNodeId(spec.id);
    const inputs: Port[] = spec.inputs.map(({ slot, name }) => {
      const tensor = this.tensorFor(name);
      // Most tensors have one reader: an exact one-element list, where push on an empty
      // list would reserve room for sixteen (a million tensors: a hundred-odd MB).
      if (tensor.consumers.length === 0) tensor.consumers = [id];
      else tensor.consumers.push(id);
      return { slot, tensor: tensor.id };
    });
    const outputs: Port[] = spec.outputs.map(({ slot, name }) => {
      const tensor = this.writeTensor(name, id);
      return { slot, tensor: tensor.id };
    });
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

  isNodeIdTaken(id: string): boolean {
    return this.nodeIds.has(id);
  }

  build(inputs: string[], outputs: string[]): Graph {
    return { nodes: this.nodes, tensors: this.allTensors(), inputs, outputs };
  }

  /** All tensors, for readers that fill in shapes and dtypes afterwards. */
  allTensors(): Record<string, Tensor> {
    if (!this.tensorRecord) {
      const record: Record<string, Tensor> = Object.create(null);
      for (const [id, tensor] of this.tensors) record[id] = tensor;
      this.tensorRecord = record;
    }
    return this.tensorRecord;
  }

  private writeTensor(name: string, producer: string): Tensor {
    // The first write of a name that is declared but neither written nor read yet takes that
    // tensor: a Caffe net-level `input` (with its shape) that an Input layer then writes is one
    // tensor, not two. Once something has read it, a write is a new version.
    const unwritten = this.current.get(name);
    if (unwritten && unwritten.producer === undefined && unwritten.consumers.length === 0) {
      unwritten.producer = producer;
      return unwritten;
    }
    const tensor = this.newVersion(name);
    tensor.producer = producer;
    return tensor;
  }

  private newVersion(name: string): Tensor {
    const k = this.current.has(name) ? (this.versionCount.get(name) ?? 1) : 0;
    if (k > 0) this.versionCount.set(name, k + 1);
    let id = k === 0 ? name : `${name}#${k}`;
    while (this.tensors.has(id)) id = `${id}'`;
    // Every field a reader may set later is declared now, so the object keeps them in place
    // instead of growing a separate property store per tensor.
    const tensor: Tensor = { id, name, shape: undefined, dtype: undefined, producer: undefined, consumers: NO_CONSUMERS };
    this.tensors.set(id, tensor);
    this.tensorRecord = undefined;
    this.current.set(name, tensor);
    return tensor;
  }

  private uniqueNodeId(wanted: string): string {
    return this.nodeIds.take(wanted);
  }
}
