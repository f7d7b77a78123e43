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
import type { Graph, Shape, WeightRef } from '../../graph/graph';
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

export function varShape(v: VarDesc | undefined): Shape | undefined {
  const desc = v && tensorDescOf(v);
  return desc ? (desc.dims ?? []).map(Number) : undefined;
}

export function varDtype(v: VarDesc | undefined): string | undefined {
  const desc = v && tensorDescOf(v);
  return desc ? dtypeName(desc.data_type) : undefined;
}

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

  /** Sub-block path for grouping, outermost first, block 0 left out. */
  groupPath(blockPos: number): string[] {
    const path: string[] = [];
    for (let b = blockPos, steps = 0; b > 0 && b < this.blocks.length && steps <= this.blocks.length; steps++) {
      path.unshift(`block ${this.blocks[b].idx}`);
      b = this.blocks[b].parent_idx;
    }
    return path;
  }
}

export interface GraphOptions {
  file: string;
  /** Whether the loaded weights hold a tensor for this var name. */
  hasWeight?: (name: string) => boolean;
}

export function buildProgramGraph(program: ProgramDesc, options: GraphOptions): ProgramSummary {
  const blocks = program.blocks ?? [];
  const scope = new VarScope(blocks);
  const builder = new GraphBuilder();
  const warnings: ModelWarning[] = [];
  const place: FilePlace = atByte(0);
  const warn = (code: string, message: string) => warnings.push({ file: options.file, place, code, message });

  const feeds: { col: number; name: string; tensor: string }[] = [];
  const fetches: { col: number; name: string; tensor: string }[] = [];
  const unknownAttrTypes = new Set<string>();
  let opIndex = 0;

  blocks.forEach((block, pos) => {
    if (block.idx !== pos) warn('paddle.block-index', t('block {0} says its index is {1}', pos, block.idx));
    const group = scope.groupPath(pos);
    (block.ops ?? []).forEach((op, inBlock) => {
      const index = opIndex++;
      const node = addOp(op, pos, block, index, inBlock, group);
      if (op.type === 'feed' || op.type === 'fetch') {
        const colAttr = op.attrs?.find((a) => a.name === 'col');
        const col = typeof colAttr?.i === 'number' ? colAttr.i : 0;
        if (op.type === 'feed' && node.outputs.length > 0) feeds.push({ col, name: node.outputNames[0], tensor: node.outputs[0] });
        if (op.type === 'fetch' && node.inputs.length > 0) fetches.push({ col, name: node.inputNames[0], tensor: node.inputs[0] });
      }
    });
  });

  function addOp(op: OpDesc, pos: number, block: BlockDesc, index: number, inBlock: number, group: string[]) {
    const inputs: { slot: string; name: string }[] = [];
    const outputs: { slot: string; name: string }[] = [];
    const weights: WeightRef[] = [];
    for (const slotVar of op.inputs ?? []) {
      (slotVar.arguments ?? []).forEach((arg, k) => {
        if (arg === '' || arg === EMPTY_VAR) return;
        const slot = k === 0 ? slotVar.parameter : `${slotVar.parameter}[${k}]`;
        const v = scope.find(pos, arg);
        if (v && isHolderVar(v)) return;
        if (v && isParameterVar(v)) {
          const ref: WeightRef = { slot, name: arg };
          if (options.hasWeight?.(arg)) ref.key = arg;
          const shape = varShape(v);
          const dtype = varDtype(v);
          if (shape) ref.shape = shape;
          if (dtype) ref.dtype = dtype;
          weights.push(ref);
        } else {
          inputs.push({ slot, name: arg });
        }
      });
    }
    let firstOwnOutput: string | undefined;
    for (const slotVar of op.outputs ?? []) {
      (slotVar.arguments ?? []).forEach((arg, k) => {
        if (arg === '' || arg === EMPTY_VAR) return;
        const v = scope.find(pos, arg);
        if (v && isHolderVar(v)) return;
        outputs.push({ slot: k === 0 ? slotVar.parameter : `${slotVar.parameter}[${k}]`, name: arg });
        if (firstOwnOutput === undefined && !(v && isParameterVar(v))) firstOwnOutput = arg;
      });
    }
    const attributes: Record<string, ReturnType<typeof attrValue>['value']> = {};
    for (const attr of op.attrs ?? []) {
      // The Python traceback of the op's creation: most of a program's bytes, and noise on a
      // node. It stays in the program (and is written back); the graph posted to the webview
      // goes without it (1.5 MB of 1.6 MB for ppocrv3_det).
      if (attr.name === CALLSTACK_ATTR) continue;
      for (const target of [attr.block_idx, ...(attr.blocks_idx ?? [])]) {
        if (target !== undefined && (target < 0 || target >= blocks.length)) {
          warn('paddle.bad-block-ref', t('attribute {0} of op {1} (op {2}) refers to block {3}, but the program has {4} blocks', attr.name, op.type, index, target, blocks.length));
        }
      }
      const { value, known } = attrValue(attr);
      // An attribute named __proto__ must stay data, not become a prototype; only it pays for defineProperty.
      if (attr.name === '__proto__') Object.defineProperty(attributes, attr.name, { value, enumerable: true, writable: true, configurable: true });
      else attributes[attr.name] = value;
      if (!known && !unknownAttrTypes.has(`${attr.type}`)) {
        unknownAttrTypes.add(`${attr.type}`);
        warn('paddle.unknown-attr-type', t('attribute {0} of op {1} has type {2}, which this reader does not know; its value is shown as found', attr.name, op.type, attr.type));
      }
    }
    const id = firstOwnOutput ?? `${op.type}#${index}`;
    const node = builder.addNode({
      id,
      name: firstOwnOutput ?? outputs[0]?.name ?? id,
      type: op.type,
      attributes,
      inputs,
      outputs,
      weights,
      group,
      block: block.idx,
      origin: { kind: 'op', block: pos, index: inBlock },
    });
    return {
      inputs: node.inputs.map((p) => p.tensor),
      inputNames: inputs.map((p) => p.name),
      outputs: node.outputs.map((p) => p.tensor),
      outputNames: outputs.map((p) => p.name),
    };
  }

  const unknownDtypes = new Set<number>();
  for (const block of blocks) {
    for (const v of block.vars ?? []) {
      const desc = tensorDescOf(v);
      if (desc && dtypeName(desc.data_type) === undefined && !unknownDtypes.has(desc.data_type)) {
        unknownDtypes.add(desc.data_type);
        warn('paddle.unknown-dtype', t('var {0} has element type {1}, which this reader does not know; its dtype is left blank', v.name, desc.data_type));
      }
    }
  }

  for (const tensor of Object.values(builder.allTensors())) {
    const v = scope.anywhere(tensor.name);
    const shape = varShape(v);
    const dtype = varDtype(v);
    if (shape) tensor.shape = shape;
    if (dtype) tensor.dtype = dtype;
  }

  const byCol = (a: { col: number }, b: { col: number }) => a.col - b.col;
  feeds.sort(byCol);
  fetches.sort(byCol);
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
