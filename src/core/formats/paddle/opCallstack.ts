// The Python lines that created a Paddle op (its `op_callstack` attribute), read from the program
// the model keeps, on request: they are most of a program's bytes and stay undecoded until asked.

import type { GraphNode } from '../../graph/graph';
import type { OpenedModel } from '../../model';
import type { OpDesc } from './programTypes';

const CALLSTACK_ATTR = 'op_callstack';

function opOf(model: OpenedModel, node: GraphNode): OpDesc | undefined {
  if (model.source.format !== 'paddle' || node.origin.kind !== 'op') return undefined;
  return model.source.program.blocks?.[node.origin.block]?.ops?.[node.origin.index];
}

export function hasOpCallstack(model: OpenedModel, node: GraphNode): boolean {
  return opOf(model, node)?.attrs?.some((a) => a.name === CALLSTACK_ATTR) ?? false;
}

/** The callstack's lines, or undefined when the node is no Paddle op or keeps none. */
export function opCallstack(model: OpenedModel, node: GraphNode): string[] | undefined {
  const attr = opOf(model, node)?.attrs?.find((a) => a.name === CALLSTACK_ATTR);
  return attr?.strings ? [...attr.strings] : undefined;
}
