// The one graph model every format turns into. It is plain data (JSON-serialisable, no class
// instances, no weights), so the extension can post it to the webview as it is and the CLI can
// print it; weight bytes stay behind a WeightStore and are read on demand.

export type Framework = 'paddle' | 'caffe';

/** Dimensions; -1 marks a dimension the model leaves open (Paddle's batch, a Caffe input not yet given). */
export type Shape = number[];

/** Attribute values as JSON: nested objects for Caffe's *_param messages, `{ block: n }` for Paddle block attributes. */
export type AttrValue = null | boolean | number | string | AttrValue[] | { [key: string]: AttrValue };

/** 1-based position range in a text file (prototxt), for revealing a node's source. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Port {
  /** The slot: Paddle's input/output parameter name (`X`, `Filter`), or `bottom[i]` / `top[i]` for Caffe. */
  slot: string;
  /** Id of a tensor in `Graph.tensors`. */
  tensor: string;
}

/** A weight a node carries, drawn as part of the node; `key` finds its bytes in the model's WeightStore. */
export interface WeightRef {
  /** The slot it fills (`Filter`, `Bias`; `blobs[0]` for Caffe). */
  slot: string;
  /** Display name: the Paddle var name, or `layer/blobs[i]` for Caffe. */
  name: string;
  /** Key in the WeightStore, when weights are loaded and hold this tensor. */
  key?: string;
  shape?: Shape;
  dtype?: string;
}

/**
 * Where a node comes from in its format's source (OpenedModel.source): the index of a Caffe layer
 * in file order, or a Paddle op by block and position in that block.
 */
export type NodeOrigin = { kind: 'layer'; index: number } | { kind: 'op'; block: number; index: number };

export interface GraphNode {
  /** Unique and stable: the Caffe layer name; for Paddle the op's first non-persistable output, else `type#index`. */
  id: string;
  /** The name the file gives (layer name, or the first output var for Paddle). */
  name: string;
  type: string;
  attributes: Record<string, AttrValue>;
  inputs: Port[];
  outputs: Port[];
  weights: WeightRef[];
  /** Nesting path for collapsible groups, outermost first (a Paddle sub-block: ['block 1']). */
  group?: string[];
  /** Where the layer is written, for text formats. */
  location?: SourceRange;
  /** Paddle: the block index this op belongs to. */
  block?: number;
  origin: NodeOrigin;
}

export interface Tensor {
  /** Unique: the tensor name, or `name#k` for the k-th rewrite of the same name (in-place layers). */
  id: string;
  /** The name the file gives. */
  name: string;
  shape?: Shape;
  dtype?: string;
  /** Node id that writes this version; absent for graph inputs and tensors nothing produces. */
  producer?: string;
  consumers: string[];
}

export interface Graph {
  nodes: GraphNode[];
  tensors: Record<string, Tensor>;
  /** Tensor ids fed from outside (Caffe net inputs and data-layer tops; Paddle feed targets). */
  inputs: string[];
  /** Tensor ids the model delivers (Caffe: tops nothing consumes; Paddle: fetch targets). */
  outputs: string[];
}
