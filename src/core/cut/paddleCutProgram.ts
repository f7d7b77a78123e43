// Plans a Paddle sub-model from a range selection: block 0 keeps the selected ops as they were
// written, with a `feed` op for every var entering from outside and a `fetch` op for every var the
// selection delivers, and only the vars those ops use; the sub-blocks kept ops run (a while's or
// an if's body) stay as they are and the others are emptied in place, since ops name blocks by
// index. Which persistable tensors the weights file must
// hold follows from the kept vars. Pure: paddleCut.ts writes.

import type { Graph, GraphNode } from '../graph/graph';
import type { RangeSelection, RangeTensor } from '../graph/rangeSelection';
import { isHolderVar, isSavedVar } from '../formats/paddle/persistables';
import { AttrKind, VarKind, type BlockDesc, type OpDesc, type ProgramDesc, type VarDesc } from '../formats/paddle/programTypes';
import type { AddedInput, CutTensor } from './cutResult';

export interface PaddleCutPlan {
  program: ProgramDesc;
  inputs: CutTensor[];
  outputs: CutTensor[];
  added: AddedInput[];
  /** Node ids of the kept ops, in program order. */
  exported: string[];
  /** The tensors dump.pdiparams must hold: the kept LoDTensor parameters, by name. */
  savedVars: string[];
}

const FEED_HOLDER: VarDesc = { name: 'feed', type: { type: VarKind.FEED_MINIBATCH }, persistable: true };
const FETCH_HOLDER: VarDesc = { name: 'fetch', type: { type: VarKind.FETCH_LIST }, persistable: true };

export function planPaddleCut(graph: Graph, program: ProgramDesc, selection: RangeSelection): PaddleCutPlan {
  const blocks = program.blocks ?? [];
  const main = blocks[0];
  if (!main) throw new Error('the program has no blocks');
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes = selection.nodes.map((id) => byId.get(id)!);
  // Ops of sub-blocks come along with their blocks; block 0 is what the range picks from.
  const mainNodes = nodes.filter((n) => n.origin.kind === 'op' && n.origin.block === 0);
  const kept = mainNodes.map((n) => opOf(main, n));

  const selected = new Set(selection.nodes);
  const entering = selection.inputs.filter((i) => {
    const producer = graph.tensors[i.tensor].producer;
    // A feed op inside the range feeds its var itself.
    return producer === undefined || !selected.has(producer);
  });
  const fetchedInside = new Set(kept.filter((op) => op.type === 'fetch').flatMap((op) => argumentsOf(op, 'inputs')));
  const delivered = selection.outputs.filter((o) => !fetchedInside.has(o.name));

  const feedHolder = holderName(main, VarKind.FEED_MINIBATCH) ?? FEED_HOLDER.name;
  const fetchHolder = holderName(main, VarKind.FETCH_LIST) ?? FETCH_HOLDER.name;
  const feedCol = nextColumn(kept, 'feed');
  const fetchCol = nextColumn(kept, 'fetch');
  const feeds = entering.map((t, i) => plumbingOp('feed', feedHolder, t.name, feedCol + i));
  const fetches = delivered.map((t, i) => plumbingOp('fetch', t.name, fetchHolder, fetchCol + i));
  const ops = [...feeds, ...kept, ...fetches];

  const subBlocks = keptSubBlocks(blocks, kept);
  const used = new Set<string>();
  for (const block of [{ ops }, ...subBlocks]) for (const op of block.ops ?? []) for (const name of [...argumentsOf(op, 'inputs'), ...argumentsOf(op, 'outputs')]) used.add(name);
  const vars = (main.vars ?? []).filter((v) => used.has(v.name));
  if (feeds.length > 0 && !vars.some((v) => v.name === feedHolder)) vars.unshift(FEED_HOLDER);
  if (fetches.length > 0 && !vars.some((v) => v.name === fetchHolder)) vars.splice(feeds.length > 0 ? 1 : 0, 0, FETCH_HOLDER);

  const newMain: BlockDesc = { ...main, vars, ops };
  const cutProgram: ProgramDesc = { ...program, blocks: [newMain, ...subBlocks] };
  const saved = new Set<string>();
  for (const block of cutProgram.blocks!) for (const v of block.vars ?? []) if (isSavedVar(v)) saved.add(v.name);
  return {
    program: cutProgram,
    inputs: selection.inputs.map(cutTensor),
    outputs: selection.outputs.map(cutTensor),
    added: entering.map((t) => ({ declaredBy: 'feed', tensor: cutTensor(t) })),
    exported: mainNodes.map((n) => n.id),
    savedVars: [...saved],
  };
}

/**
 * Blocks 1… as the cut keeps them: those a kept op runs (a while's or an if's body, and what they
 * run in turn) whole, the others emptied but left in place, since ops name blocks by index.
 */
function keptSubBlocks(blocks: readonly BlockDesc[], kept: readonly OpDesc[]): BlockDesc[] {
  const wanted = new Set<number>();
  const queue = [...kept];
  while (queue.length > 0) {
    const op = queue.pop()!;
    for (const attr of op.attrs ?? []) {
      for (const b of [attr.block_idx, ...(attr.blocks_idx ?? [])]) {
        if (b === undefined || b <= 0 || b >= blocks.length || wanted.has(b)) continue;
        wanted.add(b);
        queue.push(...(blocks[b].ops ?? []));
      }
    }
  }
  return blocks.slice(1).map((block, i) => (wanted.has(i + 1) ? block : { ...block, vars: [], ops: [] }));
}

function opOf(block: BlockDesc, node: GraphNode): OpDesc {
  const op = node.origin.kind === 'op' ? block.ops?.[node.origin.index] : undefined;
  if (!op) throw new Error(`node ${node.id} has no op behind it`);
  return op;
}

function argumentsOf(op: OpDesc, side: 'inputs' | 'outputs'): string[] {
  return (op[side] ?? []).flatMap((slot) => slot.arguments ?? []);
}

function holderName(block: BlockDesc, kind: number): string | undefined {
  return (block.vars ?? []).find((v) => isHolderVar(v) && v.type.type === kind)?.name;
}

/** The first feed or fetch column after those of the kept feed or fetch ops. */
function nextColumn(ops: OpDesc[], type: 'feed' | 'fetch'): number {
  let next = 0;
  for (const op of ops) {
    if (op.type !== type) continue;
    const col = op.attrs?.find((a) => a.name === 'col')?.i ?? 0;
    next = Math.max(next, col + 1);
  }
  return next;
}

/** A feed (holder → var) or fetch (var → holder) op at column `col`, as save_inference_model writes them. */
function plumbingOp(type: 'feed' | 'fetch', from: string, to: string, col: number): OpDesc {
  return {
    type,
    inputs: [{ parameter: 'X', arguments: [from] }],
    outputs: [{ parameter: 'Out', arguments: [to] }],
    attrs: [{ name: 'col', type: AttrKind.INT, i: col }],
  };
}

function cutTensor(ref: RangeTensor): CutTensor {
  return { name: ref.name, shape: ref.shape, dtype: ref.dtype };
}
