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
}

export function modelInfo(model: OpenedModel): ModelInfo {
  const { graph } = model;
  const opTypes: Record<string, number> = {};
  for (const node of graph.nodes) opTypes[node.type] = (opTypes[node.type] ?? 0) + 1;
  const tensorName = (id: string) => graph.tensors[id]?.name ?? id;
  return {
    framework: model.framework,
    format: model.format,
    name: model.name,
    inputs: model.inputs,
    outputs: model.outputs,
    nodeCount: graph.nodes.length,
    opTypes,
    params: model.params,
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      inputs: n.inputs.map((p) => tensorName(p.tensor)),
      outputs: n.outputs.map((p) => tensorName(p.tensor)),
    })),
    warnings: model.warnings.map((w) => formatProblem(w.file, w.place, w.message)),
  };
}
