// Turns a decoded ProgramDesc into the shared Graph and the `npu-deploy info` figures. The rules
// (the foundation issue's contract):
// - one node per op of every block, in stored order, feed and fetch included;
// - node id: the op's first non-persistable output var, else `type#index`, where index counts the
//   ops of all blocks in order (block 0's first op is 0), so it is stable for a given file;
// - persistable inputs are weights drawn on the node, everything else is an edge; the feed and
//   fetch holder vars (FEED_MINIBATCH / FETCH_LIST) are plumbing and appear as neither;
// - ops of a sub-block are grouped under their block path, outermost first (`block 1`);
// - every attribute becomes a node attribute except op_callstack (the creating Python traceback).

import type { FilePlace } from '../../errors';
import { atByte } from '../../errors';
import type { AttrValue, Graph, GraphNode, Shape, WeightRef } from '../../graph/graph';
import { GraphBuilder } from '../../graph/graphBuilder';
import { t } from '../../l10n';
import type { ModelWarning, TensorSummary } from '../../model';
import { attrValue } from './attributes';
import { dtypeName } from './dtypes';
import { isHolderVar, isParameterVar, persistableNames } from './persistables';
import type { BlockDesc, OpDesc, ProgramDesc, TensorDesc, VarDesc } from './programTypes';

const CALLSTACK_ATTR = 'op_callstack';

/** Paddle's name for "no variable here" in an op slot. */
const EMPTY_VAR = '@EMPTY@';

export interface ProgramSummary {
  graph: Graph;
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  params: string[];
  warnings: ModelWarning[];
}

export function tensorDescOf(v: VarDesc): TensorDesc | undefined {
  const t = v.type;
  if (!t) return undefined;
  return t.lod_tensor?.tensor ?? t.selected_rows ?? t.tensor_array?.tensor;
}

/** Paddle's own limit on a tensor's rank (DDim holds at most 9 dimensions). */
export const MAX_PADDLE_RANK = 9;

// One shape array per var, shared by every op that reads it: a crafted var read by a thousand
// ops must not become a thousand copies.
const shapes = new WeakMap<VarDesc, Shape | null>();

/** The var's declared dims; undefined when it declares none, or more than Paddle allows. */
export function varShape(v: VarDesc | undefined): Shape | undefined {
  if (!v) return undefined;
  let shape = shapes.get(v);
  if (shape === undefined) {
    const desc = tensorDescOf(v);
    const dims = desc?.dims;
    shape = desc && (dims ?? []).length <= MAX_PADDLE_RANK ? (dims ?? []).map(Number) : null;
    shapes.set(v, shape);
  }
  return shape ?? undefined;
}

export function varDtype(v: VarDesc | undefined): string | undefined {
  const desc = v && tensorDescOf(v);
  return desc ? dtypeName(desc.data_type) : undefined;
}

/** Real programs nest a few blocks deep (a while in an if); deeper groups fold into the 32nd. */
export const MAX_GROUP_DEPTH = 32;

/** Finds vars the way Paddle does: the op's own block first, then its ancestors. */
class VarScope {
  private readonly perBlock: Map<string, VarDesc>[];
  private readonly first = new Map<string, VarDesc>();

  constructor(private readonly blocks: BlockDesc[]) {
    this.perBlock = blocks.map((b) => {
      const m = new Map<string, VarDesc>();
      for (const v of b.vars ?? []) {
        if (!m.has(v.name)) m.set(v.name, v);
        if (!this.first.has(v.name)) this.first.set(v.name, v);
      }
      return m;
    });
  }

  find(blockPos: number, name: string): VarDesc | undefined {
    // A corrupt parent_idx chain could loop; never walk more steps than there are blocks.
    for (let b = blockPos, steps = 0; b >= 0 && b < this.blocks.length && steps <= this.blocks.length; steps++) {
      const v = this.perBlock[b].get(name);
      if (v) return v;
      b = this.blocks[b].parent_idx;
    }
    return this.first.get(name);
  }

  anywhere(name: string): VarDesc | undefined {
    return this.first.get(name);
  }

  private readonly groupPaths = new Map<number, string[]>();

  /**
   * Sub-block path for grouping, outermost first, block 0 left out. Each block's path is its
   * parent's plus itself, made once and shared by its ops; nesting deeper than MAX_GROUP_DEPTH
   * (a crafted chain of thousands of blocks) folds into the deepest group shown.
   */
  groupPath(blockPos: number): string[] {
    const known = this.groupPaths.get(blockPos);
    if (known) return known;
    // The chain up to a block whose path is known (or the top), walked once, never round a loop.
    const chain: number[] = [];
    const seen = new Set<number>();
    let b = blockPos;
    while (b > 0 && b < this.blocks.length && !this.groupPaths.has(b) && !seen.has(b)) {
      seen.add(b);
      chain.push(b);
      b = this.blocks[b].parent_idx;
    }
    let path = this.groupPaths.get(b) ?? [];
    for (let i = chain.length - 1; i >= 0; i--) {
      if (path.length < MAX_GROUP_DEPTH) path = [...path, `block ${this.blocks[chain[i]].idx}`];
      this.groupPaths.set(chain[i], path);
    }
    return this.groupPaths.get(blockPos) ?? [];
  }
}

export interface GraphOptions {
  file: string;
  /** Whether the loaded weights hold a tensor for this var name. */
  hasWeight?: (name: string) => boolean;
}

/**
 * The program as a graph: every op of every block as a node, then what the ops say about the
 * model (its feeds and fetches), then what the vars say (dtypes this reader does not know, the
 * tensors' shapes and dtypes), then the figures `info` prints.
 */
export function buildProgramGraph(program: ProgramDesc, options: GraphOptions): ProgramSummary {
  const blocks = program.blocks ?? [];
  const scope = new VarScope(blocks);
  const builder = new GraphBuilder();
  const warnings: ModelWarning[] = [];
  // A program is one protobuf message: warnings about it have no finer place than the file.
  const place: FilePlace = atByte(0);
  const warn: Warn = (code, message) => warnings.push({ file: options.file, place, code, message });

  const ops = addOpNodes({ blocks, scope, builder, hasWeight: options.hasWeight, warn, unknownAttrTypes: new Set() });
  const feeds = feedTargets(ops);
  const fetches = fetchTargets(ops);
  warnUnknownDtypes(blocks, warn);
  shapeTensorsFromVars(builder, scope);

  const summary = (name: string): TensorSummary => {
    const v = scope.anywhere(name);
    return { name, shape: varShape(v) ?? null, dtype: varDtype(v) ?? null };
  };
  return {
    graph: builder.build(
      feeds.map((f) => f.tensor),
      fetches.map((f) => f.tensor),
    ),
    inputs: feeds.map((f) => summary(f.name)),
    outputs: fetches.map((f) => summary(f.name)),
    params: persistableNames(program),
    warnings,
  };
}

type Warn = (code: string, message: string) => void;

/** What turning ops into nodes needs besides the ops. */
interface OpContext {
  blocks: BlockDesc[];
  scope: VarScope;
  builder: GraphBuilder;
  /** Whether the loaded weights hold a tensor for this var name. */
  hasWeight?: (name: string) => boolean;
  warn: Warn;
  /** Attribute types already warned about: one warning per type, not one per attribute. */
  unknownAttrTypes: Set<string>;
}

/** An op and the node it became, with the var names of the node's ports (feeds and fetches are found by them). */
interface AddedOp {
  op: OpDesc;
  node: GraphNode;
  inputNames: string[];
  outputNames: string[];
}

/**
 * One node per op, blocks in stored order and ops in block order, so that `type#index` ids count
 * the ops of all blocks and stay stable for a given file. A sub-block's ops are grouped under its
 * block path.
 */
function addOpNodes(context: OpContext): AddedOp[] {
  const added: AddedOp[] = [];
  let index = 0;
  context.blocks.forEach((block, pos) => {
    if (block.idx !== pos) context.warn('paddle.block-index', t('block {0} says its index is {1}', pos, block.idx));
    const group = context.scope.groupPath(pos);
    (block.ops ?? []).forEach((op, inBlock) => added.push(addOpNode(context, op, pos, index++, inBlock, group)));
  });
  return added;
}

function addOpNode(context: OpContext, op: OpDesc, pos: number, index: number, inBlock: number, group: string[]): AddedOp {
  const { inputs, weights, outputs, firstOwnOutput } = opPorts(context, op, pos);
  const id = firstOwnOutput ?? `${op.type}#${index}`;
  const node = context.builder.addNode({
    id,
    name: firstOwnOutput ?? outputs[0]?.name ?? id,
    type: op.type,
    attributes: opAttributes(context, op, index),
    inputs,
    outputs,
    weights,
    group,
    block: context.blocks[pos].idx,
    origin: { kind: 'op', block: pos, index: inBlock },
  });
  return { op, node, inputNames: inputs.map((p) => p.name), outputNames: outputs.map((p) => p.name) };
}

interface OpPorts {
  inputs: { slot: string; name: string }[];
  outputs: { slot: string; name: string }[];
  weights: WeightRef[];
  /** The first output that is not a parameter: the node's id and name when there is one. */
  firstOwnOutput: string | undefined;
}

/**
 * An op's slots as the graph draws them: parameters it reads are weights on the node, other vars
 * are edges. The feed and fetch holders are the executor's plumbing and appear as neither, and
 * empty slots (`@EMPTY@`, '') are nothing. A slot's k-th var is `Slot[k]`.
 */
function opPorts(context: OpContext, op: OpDesc, pos: number): OpPorts {
  const ports: OpPorts = { inputs: [], outputs: [], weights: [], firstOwnOutput: undefined };
  for (const slotVar of op.inputs ?? []) {
    (slotVar.arguments ?? []).forEach((arg, k) => {
      if (arg === '' || arg === EMPTY_VAR) return;
      const slot = k === 0 ? slotVar.parameter : `${slotVar.parameter}[${k}]`;
      const v = context.scope.find(pos, arg);
      if (v && isHolderVar(v)) return;
      if (v && isParameterVar(v)) ports.weights.push(weightRef(slot, arg, v, context.hasWeight));
      else ports.inputs.push({ slot, name: arg });
    });
  }
  for (const slotVar of op.outputs ?? []) {
    (slotVar.arguments ?? []).forEach((arg, k) => {
      if (arg === '' || arg === EMPTY_VAR) return;
      const v = context.scope.find(pos, arg);
      if (v && isHolderVar(v)) return;
      ports.outputs.push({ slot: k === 0 ? slotVar.parameter : `${slotVar.parameter}[${k}]`, name: arg });
      if (ports.firstOwnOutput === undefined && !(v && isParameterVar(v))) ports.firstOwnOutput = arg;
    });
  }
  return ports;
}

/** A parameter drawn on the node that reads it; `key` only when the loaded weights hold it. */
function weightRef(slot: string, name: string, v: VarDesc, hasWeight: ((name: string) => boolean) | undefined): WeightRef {
  const ref: WeightRef = { slot, name };
  if (hasWeight?.(name)) ref.key = name;
  const shape = varShape(v);
  const dtype = varDtype(v);
  if (shape) ref.shape = shape;
  if (dtype) ref.dtype = dtype;
  return ref;
}

/**
 * Every attribute as plain JSON, except op_callstack. Block references that point outside the
 * program and attribute types this reader does not know are warned about, not dropped.
 */
function opAttributes(context: OpContext, op: OpDesc, index: number): Record<string, AttrValue> {
  const attributes: Record<string, AttrValue> = {};
  const blockCount = context.blocks.length;
  for (const attr of op.attrs ?? []) {
    // The Python traceback of the op's creation: most of a program's bytes, and noise on a
    // node. It stays in the program (and is written back); the graph posted to the webview
    // goes without it (1.5 MB of 1.6 MB for ppocrv3_det).
    if (attr.name === CALLSTACK_ATTR) continue;
    for (const target of [attr.block_idx, ...(attr.blocks_idx ?? [])]) {
      if (target !== undefined && (target < 0 || target >= blockCount)) {
        context.warn('paddle.bad-block-ref', t('attribute {0} of op {1} (op {2}) refers to block {3}, but the program has {4} blocks', attr.name, op.type, index, target, blockCount));
      }
    }
    const { value, known } = attrValue(attr);
    // An attribute named __proto__ must stay data, not become a prototype; only it pays for defineProperty.
    if (attr.name === '__proto__') Object.defineProperty(attributes, attr.name, { value, enumerable: true, writable: true, configurable: true });
    else attributes[attr.name] = value;
    if (!known && !context.unknownAttrTypes.has(`${attr.type}`)) {
      context.unknownAttrTypes.add(`${attr.type}`);
      context.warn('paddle.unknown-attr-type', t('attribute {0} of op {1} has type {2}, which this reader does not know; its value is shown as found', attr.name, op.type, attr.type));
    }
  }
  return attributes;
}

/** A var the model is fed or yields, at the column of the feed or fetch list it takes. */
interface Target {
  col: number;
  name: string;
  tensor: string;
}

/** The `col` attribute of a feed or fetch op: its place in the feed or fetch list. */
function columnOf(op: OpDesc): number {
  const colAttr = op.attrs?.find((a) => a.name === 'col');
  return typeof colAttr?.i === 'number' ? colAttr.i : 0;
}

/**
 * The model's inputs: what the feed ops write, in feed-list column order (which the stored op
 * order need not follow). Sorting is stable, so equal columns keep op order.
 */
function feedTargets(ops: AddedOp[]): Target[] {
  const feeds: Target[] = [];
  for (const { op, node, outputNames } of ops) {
    if (op.type === 'feed' && node.outputs.length > 0) feeds.push({ col: columnOf(op), name: outputNames[0], tensor: node.outputs[0].tensor });
  }
  return feeds.sort(byColumn);
}

/** The model's outputs: what the fetch ops read, in fetch-list column order. */
function fetchTargets(ops: AddedOp[]): Target[] {
  const fetches: Target[] = [];
  for (const { op, node, inputNames } of ops) {
    if (op.type === 'fetch' && node.inputs.length > 0) fetches.push({ col: columnOf(op), name: inputNames[0], tensor: node.inputs[0].tensor });
  }
  return fetches.sort(byColumn);
}

function byColumn(a: Target, b: Target): number {
  return a.col - b.col;
}

/** An element type this reader cannot name leaves dtypes blank; say so once per type, not once per var. */
function warnUnknownDtypes(blocks: BlockDesc[], warn: Warn): void {
  const unknownDtypes = new Set<number>();
  for (const block of blocks) {
    for (const v of block.vars ?? []) {
      const desc = tensorDescOf(v);
      if (desc && dtypeName(desc.data_type) === undefined && !unknownDtypes.has(desc.data_type)) {
        unknownDtypes.add(desc.data_type);
        warn('paddle.unknown-dtype', t('var {0} has element type {1}, which this reader does not know; its dtype is left blank', v.name, desc.data_type));
      }
      if (desc && (desc.dims?.length ?? 0) > MAX_PADDLE_RANK) {
        warn('paddle.rank', t('var {0} declares {1} dimensions; Paddle allows at most {2}, so its shape is left unknown', v.name, desc.dims!.length, MAX_PADDLE_RANK));
      }
    }
  }
}

/** Every tensor takes the shape and dtype its var declares; no inference is needed, Paddle stores them. */
function shapeTensorsFromVars(builder: GraphBuilder, scope: VarScope): void {
  for (const tensor of Object.values(builder.allTensors())) {
    const v = scope.anywhere(tensor.name);
    const shape = varShape(v);
    const dtype = varDtype(v);
    if (shape) tensor.shape = shape;
    if (dtype) tensor.dtype = dtype;
  }
}
