// What a sub-model export produced, in the terms of the issue's `npu-deploy cut --json` contract,
// plus what the log and the caller's warnings need. Shared by the Caffe and Paddle cuts.

import type { Shape } from '../graph/graph';

/** A tensor of the sub-model as written: `name` is what the exported files call it. */
export interface CutTensor {
  name: string;
  shape: Shape | null;
  dtype: string | null;
}

/** An input the cut declares for a tensor entering the selection (Caffe's Input layer, Paddle's feed). */
export interface AddedInput {
  /** The layer or op that declares it (Caffe: the Input layer's name; Paddle: `feed`). */
  declaredBy: string;
  tensor: CutTensor;
}

/** What one format's cut wrote into the (still temporary) result folder. */
export interface CutFiles {
  /** File names inside the folder, in the order written. */
  files: string[];
  inputs: CutTensor[];
  outputs: CutTensor[];
  added: AddedInput[];
  /** The layer or op names exported, in model order. */
  exported: string[];
  warnings: string[];
}

export interface CutResult extends CutFiles {
  /** The result folder, absolute. */
  folder: string;
  /** Ids of the selected graph nodes, in graph order. */
  nodes: string[];
  /** The text of dump.log, for the extension's output channel to show the same lines. */
  log: string;
}
