// Which vars of a Paddle program are its parameters, and the order Paddle saves them in. The
// reader (params and weights drawn on nodes), the params index (naming the records of a combined
// weights file) and the writers (putting records back in that order) must all agree, so the rule
// lives here once.
//
// A parameter is a persistable var that is not a feed/fetch holder: FEED_MINIBATCH and FETCH_LIST
// vars are marked persistable too, but they are the executor's plumbing and hold no data. Of the
// parameters, save_inference_model / jit.save write only the LoDTensors to the weights file, so
// only they name its records; the model's params list every parameter.

import { VarKind, type ProgramDesc, type VarDesc } from './programTypes';

/** The executor's feed and fetch holders: persistable in the file, but plumbing, not data. */
export function isHolderVar(v: VarDesc): boolean {
  const kind = v.type?.type;
  return kind === VarKind.FEED_MINIBATCH || kind === VarKind.FETCH_LIST || kind === VarKind.FEED_LIST;
}

/** A persistable var that holds data: drawn as a weight on the ops that read it. */
export function isParameterVar(v: VarDesc): boolean {
  return v.persistable === true && !isHolderVar(v);
}

/** A parameter save_inference_model writes to the weights file: only LoDTensors are saved. */
export function isSavedVar(v: VarDesc): boolean {
  return isParameterVar(v) && v.type?.type === VarKind.LOD_TENSOR;
}

/** Code-unit order, the order Paddle's own sorted() of names and the reference summaries use. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Names of the vars of all blocks that `keep` accepts, sorted and without repeats. */
function sortedVarNames(program: ProgramDesc, keep: (v: VarDesc) => boolean): string[] {
  const names = new Set<string>();
  for (const block of program.blocks ?? []) for (const v of block.vars ?? []) if (keep(v)) names.add(v.name);
  return [...names].sort(compareNames);
}

/** The program's parameters, as the model's `params` lists them. */
export function persistableNames(program: ProgramDesc): string[] {
  return sortedVarNames(program, isParameterVar);
}

/** The vars a save_inference_model / jit.save writes, in the order a combined weights file holds their records. */
export function savedVarNames(program: ProgramDesc): string[] {
  return sortedVarNames(program, isSavedVar);
}
