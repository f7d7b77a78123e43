// `npu-deploy info --json` written straight from the graph: byte for byte the text of
// `JSON.stringify(modelInfo(model), null, 2)`, but without making the node list first (a
// million-node net would make three million objects only to print them) and without one giant
// string: the text goes out in pieces of about a megabyte as it is made.

import type { OpenedModel } from '../core/model';
import { modelSummary } from '../core/modelInfo';
import type { Tensor } from '../core/graph/graph';

/** Takes one piece of the text; the writer waits for it before making the next. */
export type TextSink = (text: string) => Promise<void>;

/** A piece is handed on once it is this long: big enough that writes are few, small enough to stay lean. */
const PIECE_CHARS = 1 << 20;

export async function writeJsonInfo(model: OpenedModel, sink: TextSink): Promise<void> {
  const summary = modelSummary(model);
  // The nodes' place in the text, found by a value no model string can produce as a whole line
  // (JSON escapes newlines); the key order is modelInfo's.
  const MARK = 'npu-deploy:nodes';
  const head = JSON.stringify(
    {
      framework: summary.framework,
      format: summary.format,
      name: summary.name,
      inputs: summary.inputs,
      outputs: summary.outputs,
      nodeCount: summary.nodeCount,
      opTypes: summary.opTypes,
      params: summary.params,
      nodes: MARK,
      warnings: summary.warnings,
      ...(summary.variables ? { variables: summary.variables } : {}),
    },
    null,
    2,
  );
  const at = head.indexOf(`\n  "nodes": "${MARK}"`) + '\n  "nodes": '.length;
  let piece = head.slice(0, at);
  const { nodes, tensors } = model.graph;
  if (nodes.length === 0) piece += '[]';
  else {
    piece += '[';
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      piece += i === 0 ? '\n    {\n      "id": ' : ',\n    {\n      "id": ';
      piece += JSON.stringify(node.id);
      piece += ',\n      "type": ';
      piece += JSON.stringify(node.type);
      piece += ',\n      "inputs": ';
      piece += portNames(node.inputs, tensors);
      piece += ',\n      "outputs": ';
      piece += portNames(node.outputs, tensors);
      piece += '\n    }';
      if (piece.length >= PIECE_CHARS) {
        await sink(piece);
        piece = '';
      }
    }
    piece += '\n  ]';
  }
  piece += head.slice(at + MARK.length + 2);
  await sink(`${piece}\n`);
}

/** A port list as modelInfo names it (the tensor's name, else its id), indented as the node's fields. */
function portNames(ports: readonly { tensor: string }[], tensors: Record<string, Tensor>): string {
  if (ports.length === 0) return '[]';
  let text = '[';
  for (let i = 0; i < ports.length; i++) {
    const id = ports[i].tensor;
    text += i === 0 ? '\n        ' : ',\n        ';
    text += JSON.stringify(tensors[id]?.name ?? id);
  }
  return `${text}\n      ]`;
}
