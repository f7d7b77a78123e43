// Turns a PIR program into the shared Graph and the `npu-deploy info` figures:
// - one node per op of every block, in program order (an op's regions right after it), the
//   parameter, data and fetch ops included, so nodeCount and opTypes count every op;
// - values have no names: a tensor is named after what the program says of it (a data op's
//   `name`, a parameter's name, a fetch's `name`), else `%<id>`; names are kept unique;
// - a parameter is a node of its own and a weight on every op that reads it (with its bytes'
//   key when the weights are loaded);
// - ops of a nested region are grouped under their owner op and block, outermost first;
// - inputs are the data (or feed) ops of the top block in op order, outputs the fetch ops in
//   `col` order, params the parameter names sorted.

import { wholeFile } from '../../errors';
import type { Graph, WeightRef } from '../../graph/graph';
import { GraphBuilder } from '../../graph/graphBuilder';
import { t } from '../../l10n';
import type { ModelWarning, TensorSummary } from '../../model';
import { UniqueNames } from '../../uniqueNames';
import { MAX_GROUP_DEPTH } from './programGraph';
import { PARAMETER_OP_NAME } from './pirNames';
import type { PirOp, PirProgram } from './pirProgram';
import { compareCodePoints } from './pirParams';
import { MAX_PIR_RANK, type PirType } from './pirTypes';

export interface PirGraphOptions {
  file: string;
  /** Whether the loaded weights hold a tensor for this parameter name. */
  hasWeight?: (name: string) => boolean;
}

export interface PirSummary {
  graph: Graph;
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  params: string[];
  warnings: ModelWarning[];
}

const FEED_OPS = new Set(['pd_op.data', 'pd_op.feed']);
const FETCH_OP = 'pd_op.fetch';

const stringAttr = (op: PirOp, name: string): string | undefined => {
  const v = op.attributes[name];
  return typeof v === 'string' ? v : undefined;
};

export function buildPirGraph(program: PirProgram, options: PirGraphOptions): PirSummary {
  const warnings: ModelWarning[] = [];
  const warn = (code: string, message: string) => warnings.push({ file: options.file, place: wholeFile, code, message });
  const names = new UniqueNames();
  /** value id → tensor name, and the tensor's type. */
  const valueNames = new Map<number, string>();
  const types = new Map<string, PirType>();
  const parameters = new Map<number, WeightRef>();
  let warnedRank = false;
  let warnedUndefined = false;

  const nameValue = (id: number, type: PirType, wanted: string | undefined): string => {
    const name = names.take(wanted ?? `%${id}`);
    valueNames.set(id, name);
    types.set(name, type);
    if (type.rank !== undefined && !warnedRank) {
      warnedRank = true;
      warn('paddle.rank', t('value {0} declares {1} dimensions; Paddle allows at most {2}, so its shape is left unknown', name, type.rank, MAX_PIR_RANK));
    }
    return name;
  };
  const operandName = (id: number, op: PirOp): string => {
    const known = valueNames.get(id);
    if (known !== undefined) return known;
    if (!warnedUndefined) {
      warnedUndefined = true;
      warn('paddle.pir-undefined-value', t('{0} (op {1} of block {2}) uses value %{3}, which no earlier op or block defines', op.name, op.index, op.block, id));
    }
    return nameValue(id, { id: '' }, undefined);
  };

  for (const block of program.blocks) for (const arg of block.args) nameValue(arg.id, arg.type, undefined);
  const groups = groupPaths(program);
  const builder = new GraphBuilder();
  const inputs: { name: string; tensor: string; type: PirType; dtype?: string }[] = [];
  const fetches: { col: number; name: string; tensor: string; type: PirType }[] = [];

  program.ops.forEach((op, index) => {
    const parameter = op.parameter;
    const inputPorts: { slot: string; name: string }[] = [];
    const weights: WeightRef[] = [];
    op.operands.forEach((id, i) => {
      if (id === 0) return;
      const name = operandName(id, op);
      inputPorts.push({ slot: `in[${i}]`, name });
      const weight = parameters.get(id);
      if (weight) weights.push({ ...weight, slot: `in[${i}]` });
    });
    const wanted = (i: number): string | undefined => {
      if (parameter) return parameter.name;
      if (i > 0) return undefined;
      if (FEED_OPS.has(op.name) || op.name === FETCH_OP) return stringAttr(op, 'name');
      return undefined;
    };
    const outputPorts = op.results.map((r, i) => ({ slot: `out[${i}]`, name: nameValue(r.id, r.type, wanted(i)) }));
    if (parameter) {
      const ref = weightRef(parameter.name, op.results[0].type, options.hasWeight);
      parameters.set(op.results[0].id, ref);
      weights.push({ ...ref, slot: 'value' });
    }
    const id = outputPorts[0]?.name ?? `${op.name}#${index}`;
    const node = builder.addNode({
      id,
      name: id,
      type: op.name,
      attributes: op.attributes,
      inputs: inputPorts,
      outputs: outputPorts,
      weights,
      group: groups[op.block],
      block: op.block,
      origin: { kind: 'op', block: op.block, index: op.index },
    });
    if (op.block === 0 && FEED_OPS.has(op.name) && op.results.length > 0) {
      inputs.push({ name: stringAttr(op, 'name') ?? outputPorts[0].name, tensor: node.outputs[0].tensor, type: op.results[0].type, dtype: stringAttr(op, 'dtype') });
    }
    if (op.name === FETCH_OP && node.inputs.length > 0) {
      const col = op.attributes.col;
      const fetched = types.get(inputPorts[0].name) ?? op.results[0]?.type ?? { id: '' };
      fetches.push({ col: typeof col === 'number' ? col : fetches.length, name: stringAttr(op, 'name') ?? inputPorts[0].name, tensor: node.inputs[0].tensor, type: fetched });
    }
  });

  const tensors = builder.allTensors();
  for (const name in tensors) {
    const type = types.get(tensors[name].name);
    if (type?.dims) tensors[name].shape = type.dims;
    if (type?.dtype) tensors[name].dtype = type.dtype;
  }
  for (const [id, { op, attribute }] of program.unknownAttributeTypes) {
    warn('paddle.unknown-attr-type', t('attribute {0} of op {1} has type {2}, which this reader does not know; its value is shown as found', attribute, op, id));
  }
  // Stable sort: equal columns keep op order.
  fetches.sort((a, b) => a.col - b.col);
  const summary = (name: string, type: PirType, dtype?: string): TensorSummary => ({ name, shape: type.dims ?? null, dtype: type.dtype ?? dtype ?? null });
  return {
    graph: builder.build(
      inputs.map((i) => i.tensor),
      fetches.map((f) => f.tensor),
    ),
    inputs: inputs.map((i) => summary(i.name, i.type, i.dtype)),
    outputs: fetches.map((f) => summary(f.name, f.type)),
    params: parameterNames(program),
    warnings,
  };
}

function weightRef(name: string, type: PirType, hasWeight: ((name: string) => boolean) | undefined): WeightRef {
  const ref: WeightRef = { slot: 'value', name };
  if (hasWeight?.(name)) ref.key = name;
  if (type.dims) ref.shape = type.dims;
  if (type.dtype) ref.dtype = type.dtype;
  return ref;
}

/** Every parameter op's name, sorted by code point (Paddle sorts the UTF-8 bytes), without repeats. */
export function parameterNames(program: PirProgram): string[] {
  const names = new Set<string>();
  for (const op of program.ops) if (op.parameter && op.name === PARAMETER_OP_NAME) names.add(op.parameter.name);
  return [...names].sort(compareCodePoints);
}

/**
 * Group path of each block: its owner op's (outermost first) plus `<owner> <block>`, the top block
 * none. Deeper than MAX_GROUP_DEPTH folds into the deepest group, as for legacy sub-blocks.
 */
function groupPaths(program: PirProgram): (string[] | undefined)[] {
  const paths: (string[] | undefined)[] = new Array(program.blocks.length);
  program.blocks.forEach((block, b) => {
    const owner = block.owner;
    if (!owner) return;
    // Blocks are numbered after their owner's block, so the owner's path is known already.
    const outer = paths[owner.block] ?? [];
    paths[b] = outer.length >= MAX_GROUP_DEPTH ? outer : [...outer, `${owner.name} ${block.name}`];
  });
  return paths;
}
