// Plans a PIR sub-program from a range selection: the selected ops of the top block are written
// again with fresh ids (their regions whole, through PirProgramBuilder.copyOp), after a
// `builtin.parameter` op for each parameter they read and a `pd_op.data` op for each other value
// entering from outside, and followed by a `pd_op.fetch` op for each value the selection delivers.
// Entering values are found on the program itself, operands inside kept regions included, since
// a nested block may read a value of the top block that no selected op defines. Pure but for the
// builder: pirCut.ts writes.

import type { Graph } from '../graph/graph';
import type { RangeSelection, RangeTensor } from '../graph/rangeSelection';
import { PARAMETER_OP_NAME } from '../formats/paddle/pirNames';
import { compareCodePoints } from '../formats/paddle/pirParams';
import type { PirOp, PirProgram } from '../formats/paddle/pirProgram';
import { PirProgramBuilder, attr, type RawOp, type RawType } from '../formats/paddle/pirWriter';
import type { AddedInput, CutTensor } from './cutResult';

export interface PirCutPlan {
  builder: PirProgramBuilder;
  inputs: CutTensor[];
  outputs: CutTensor[];
  added: AddedInput[];
  /** Node ids of the kept ops, in program order. */
  exported: string[];
  /** The persistable parameters the sub-program reads, sorted by code point (the order of its .pdiparams). */
  parameters: string[];
}

const DATA_OP = 'pd_op.data';
const FETCH_OP = 'pd_op.fetch';

export function planPirCut(graph: Graph, program: PirProgram, selection: RangeSelection): PirCutPlan {
  const top = program.blocks[0];
  if (!top) throw new Error('the program has no blocks');
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const selectedNodes = selection.nodes.map((id) => byId.get(id)!);
  // Ops of nested blocks come along with their owner; the top block is what the range picks from.
  const mainNodes = selectedNodes.filter((n) => n.origin.kind === 'op' && n.origin.block === 0);
  const keptAll = mainNodes.map((n) => opAt(program, n.origin.kind === 'op' ? n.origin.index : -1, n.id));
  // A selected parameter op is written with the other parameters, before the ops that read it.
  const kept = keptAll.filter((op) => !isParameter(op));

  // value id ↔ graph tensor, through each op node's output ports.
  const tensorOfValue = new Map<number, string>();
  const valueOfTensor = new Map<string, number>();
  for (const node of graph.nodes) {
    if (node.origin.kind !== 'op') continue;
    const op = program.blocks[node.origin.block]?.ops[node.origin.index];
    op?.results.forEach((r, i) => {
      const port = node.outputs[i];
      if (!port) return;
      tensorOfValue.set(r.id, port.tensor);
      valueOfTensor.set(port.tensor, r.id);
    });
  }
  const definedBy = new Map<number, PirOp>();
  for (const op of program.ops) for (const r of op.results) definedBy.set(r.id, op);

  const entering = enteringValues(program, kept);
  const parameterOps: PirOp[] = [];
  const seenParameters = new Set<PirOp>();
  for (const op of keptAll) if (isParameter(op)) seenParameters.add(op);
  const dataValues: number[] = [];
  for (const id of entering) {
    const producer = definedBy.get(id);
    if (producer && isParameter(producer)) seenParameters.add(producer);
    else dataValues.push(id);
  }
  for (const op of program.ops) if (seenParameters.has(op)) parameterOps.push(op);

  const builder = new PirProgramBuilder();
  const ids = new Map<number, number>();
  for (const op of parameterOps) builder.copyOp(op.raw as unknown as RawOp, ids);
  const tensorName = (id: number) => {
    const tensor = tensorOfValue.get(id);
    return tensor === undefined ? `%${id}` : graph.tensors[tensor].name;
  };
  const valueType = valueTypes(program);
  const added: AddedInput[] = [];
  for (const id of dataValues) {
    const raw = valueType.get(id);
    const type = definedBy.get(id)?.results.find((r) => r.id === id)?.type;
    const dtype = type?.dtype ?? 'float32';
    const dims = type?.dims ?? [];
    const name = tensorName(id);
    const attributes = { name: attr.str(name), shape: attr.intArray(dims), dtype: attr.dtype(dtype), place: attr.place(0) };
    const [fresh] = builder.op(DATA_OP, [], [raw ?? { '#': '0.t_dtensor' }], attributes);
    ids.set(id, fresh);
    const tensor = tensorOfValue.get(id);
    added.push({ declaredBy: DATA_OP, tensor: { name, shape: type?.dims ?? (tensor ? (graph.tensors[tensor].shape ?? null) : null), dtype: type?.dtype ?? null } });
  }
  for (const op of kept) builder.copyOp(op.raw as unknown as RawOp, ids);

  // Values a kept fetch op delivers already need no second fetch.
  const fetchedInside = new Set(kept.filter((op) => op.name === FETCH_OP).flatMap((op) => op.operands));
  let col = 0;
  for (const op of kept) {
    if (op.name !== FETCH_OP) continue;
    const c = op.attributes.col;
    if (typeof c === 'number') col = Math.max(col, c + 1);
  }
  // Only values of the top block can be fetched: one a nested block yields reaches the top block
  // as its owner's result, which the range delivers too when it is wanted.
  const topValues = new Set(kept.flatMap((op) => op.results.map((r) => r.id)));
  for (const out of selection.outputs) {
    const id = valueOfTensor.get(out.tensor);
    if (id === undefined || fetchedInside.has(id) || !topValues.has(id)) continue;
    const raw = valueType.get(id) ?? { '#': '0.t_dtensor' };
    builder.fetch(ids.get(id)!, raw, col++, out.name);
  }

  // Only persistable parameters have a record in the weights file.
  const parameters = [...new Set(parameterOps.filter((op) => op.parameter?.persistable).map((op) => op.parameter!.name))].sort(compareCodePoints);
  return {
    builder,
    inputs: selection.inputs.filter((i) => !isParameterTensor(i, valueOfTensor, definedBy)).map(cutTensor),
    outputs: selection.outputs.map(cutTensor),
    added,
    exported: mainNodes.map((n) => n.id),
    parameters,
  };
}

function isParameter(op: PirOp): boolean {
  return op.parameter !== undefined && op.name === PARAMETER_OP_NAME;
}

function isParameterTensor(ref: RangeTensor, valueOfTensor: Map<string, number>, definedBy: Map<number, PirOp>): boolean {
  const id = valueOfTensor.get(ref.tensor);
  const producer = id === undefined ? undefined : definedBy.get(id);
  return producer !== undefined && isParameter(producer);
}

function opAt(program: PirProgram, index: number, nodeId: string): PirOp {
  const op = program.blocks[0].ops[index];
  if (!op) throw new Error(`node ${nodeId} has no op behind it`);
  return op;
}

/**
 * Values the kept ops (and the ops of their regions, at any depth) read but do not define, in
 * the order first read. 0 is the null value, never entering.
 */
function enteringValues(program: PirProgram, kept: readonly PirOp[]): number[] {
  const defined = new Set<number>();
  const entering: number[] = [];
  const seen = new Set<number>();
  const visit = (op: PirOp) => {
    for (const id of op.operands) {
      if (id === 0 || defined.has(id) || seen.has(id)) continue;
      seen.add(id);
      entering.push(id);
    }
    for (const r of op.results) defined.add(r.id);
  };
  // Walk each kept op and then its nested blocks in order (iteratively: nesting is bounded by the reader but may be deep).
  for (const op of kept) {
    const stack: PirOp[] = [op];
    while (stack.length > 0) {
      const next = stack.pop()!;
      visit(next);
      const inner: PirOp[] = [];
      for (const region of next.regions) {
        for (const b of region) {
          const block = program.blocks[b];
          for (const arg of block.args) defined.add(arg.id);
          inner.push(...block.ops);
        }
      }
      for (let i = inner.length - 1; i >= 0; i--) stack.push(inner[i]);
    }
  }
  return entering;
}

/** Each result's type as the file writes it, to give a data or fetch op the same type. */
function valueTypes(program: PirProgram): Map<number, RawType> {
  const types = new Map<number, RawType>();
  for (const op of program.ops) {
    const O = op.raw.O;
    const results = Array.isArray(O) ? O : O ? [O] : [];
    for (const r of results as { '%'?: number; TT?: RawType }[]) if (typeof r['%'] === 'number' && r.TT) types.set(r['%'], r.TT);
  }
  return types;
}

function cutTensor(ref: RangeTensor): CutTensor {
  return { name: ref.name, shape: ref.shape, dtype: ref.dtype };
}
