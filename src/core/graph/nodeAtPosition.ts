// Which node a place in the model's text belongs to: the prototxt beside its graph highlights the
// layer under the cursor. Nodes keep where their layer is written (`location`); the narrowest
// range that holds the place wins, so a layer nested in another text block is still found.

import type { Graph, GraphNode, SourceRange } from './graph';

function contains(r: SourceRange, line: number, column: number): boolean {
  if (line < r.line || line > r.endLine) return false;
  if (line === r.line && column < r.column) return false;
  if (line === r.endLine && column > r.endColumn) return false;
  return true;
}

function span(r: SourceRange): number {
  return (r.endLine - r.line) * 1e6 + (r.endColumn - r.column);
}

/** The node written at `line`:`column` (1-based, as locations are), or undefined outside every layer. */
export function nodeAtPosition(graph: Graph, line: number, column: number): GraphNode | undefined {
  let best: GraphNode | undefined;
  for (const node of graph.nodes) {
    const r = node.location;
    if (r && contains(r, line, column) && (!best || span(r) < span(best.location!))) best = node;
  }
  return best;
}
