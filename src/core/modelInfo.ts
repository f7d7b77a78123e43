// The figures `npu-deploy info --json` prints. Its field names are a contract that scripts and
// acceptance checks read: keep them exactly as the foundation issue spells them.

import { formatProblem } from './errors';
import type { OpenedModel, TensorSummary } from './model';

export interface ModelInfo {
  framework: 'paddle' | 'caffe';
  format: string;
  name: string;
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  nodeCount: number;
  opTypes: Record<string, number>;
  params: string[];
  nodes: { id: string; type: string; inputs: string[]; outputs: string[] }[];
  warnings: string[];
  /** Only for a checkpoint folder without a program: its variables (the key is absent for models). */
  variables?: TensorSummary[];
}

/** The figures without the node list: what the viewer's overview shows beside the graph. */
export type ModelSummary = Omit<ModelInfo, 'nodes'>;

export function modelSummary(model: OpenedModel): ModelSummary {
  const { graph } = model;
  // Type names are data: a layer type called `constructor` or `__proto__` is counted like any other.
  const opTypes: Record<string, number> = Object.create(null);
  for (const node of graph.nodes) opTypes[node.type] = (opTypes[node.type] ?? 0) + 1;
  return {
    framework: model.framework,
    format: model.format,
    name: model.name,
    inputs: model.inputs,
    outputs: model.outputs,
    nodeCount: graph.nodes.length,
    opTypes,
    params: model.params,
    warnings: model.warnings.map((w) => formatProblem(w.file, w.place, w.message)),
    ...(model.variables ? { variables: model.variables } : {}),
  };
}

export function modelInfo(model: OpenedModel): ModelInfo {
  const { graph } = model;
  const tensorName = (id: string) => graph.tensors[id]?.name ?? id;
  const summary = modelSummary(model);
  return {
    framework: summary.framework,
    format: summary.format,
    name: summary.name,
    inputs: summary.inputs,
    outputs: summary.outputs,
    nodeCount: summary.nodeCount,
    opTypes: summary.opTypes,
    params: summary.params,
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      inputs: n.inputs.map((p) => tensorName(p.tensor)),
      outputs: n.outputs.map((p) => tensorName(p.tensor)),
    })),
    warnings: summary.warnings,
    ...(summary.variables ? { variables: summary.variables } : {}),
  };
}
