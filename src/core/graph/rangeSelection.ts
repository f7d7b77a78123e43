// The range selection of MindStudio's Dump Network on the graph model, by node id: the nodes
// between the starts and the ends, the tensors its sub-model is fed with and delivers, or a
// refusal saying why there is nothing between them. The viewer's panel and the cut command both
// ask this; the webview colours the same set over its CompactGraph with selectCompactRange (nodeRange.ts). The
// rule itself is nodeRange.ts (node indices); this file maps ids in and tensor ids out and words
// refusals.

import type { Graph, Shape } from './graph';
import { graphTopology } from './graphTopology';
import { nodeRange, type NodeRangeRefusal, type RangeRefusalCode } from './nodeRange';
import { t } from '../l10n';

/** A tensor crossing the cut: its id (`name#k` for an in-place rewrite), the name the file gives, shape and dtype. */
export interface RangeTensor {
  tensor: string;
  name: string;
  shape: Shape | null;
  dtype: string | null;
}

export interface RangeSelection {
  refused: false;
  /** Ids of the selected nodes, in graph order. */
  nodes: string[];
  /** What the sub-model is fed with, in the order the selected nodes first read them. */
  inputs: RangeTensor[];
  /** What the sub-model delivers, in the order the selected nodes write them. */
  outputs: RangeTensor[];
}

export interface RangeRefusal {
  refused: true;
  code: RangeRefusalCode;
  /** Why, in the user's language. */
  message: string;
}

/**
 * The nodes on some path from a start to an end (both included) and the tensors crossing the cut
 * (see rangeBoundary.ts for which); a refusal when an id is unknown, a list is empty, an end lies
 * above a start, or a start and an end are not connected.
 */
export function selectRange(graph: Graph, starts: readonly string[], ends: readonly string[]): RangeSelection | RangeRefusal {
  const topology = graphTopology(graph);
  const unknown = [...starts, ...ends].find((id) => !topology.nodeIndex.has(id));
  if (unknown !== undefined) return refusal('unknown-node', t('there is no node {0} in the model', unknown));
  const index = (id: string) => topology.nodeIndex.get(id) as number;
  const range = nodeRange(topology, starts.map(index), ends.map(index));
  const id = (v: number | undefined) => (v === undefined ? undefined : graph.nodes[v]?.id);
  if (range.refused) return refusal(range.code, refusalMessage(range, id(range.start), id(range.end)));
  const ref = (i: number): RangeTensor => {
    const tensorId = topology.tensorIds[i];
    const tensor = graph.tensors[tensorId];
    return { tensor: tensorId, name: tensor.name, shape: tensor.shape ? [...tensor.shape] : null, dtype: tensor.dtype ?? null };
  };
  return {
    refused: false,
    nodes: Array.from(range.nodes, (v) => graph.nodes[v].id),
    inputs: Array.from(range.inputs, ref),
    outputs: Array.from(range.outputs, ref),
  };
}

function refusal(code: RangeRefusalCode, message: string): RangeRefusal {
  return { refused: true, code, message };
}

function refusalMessage(range: NodeRangeRefusal, start: string | undefined, end: string | undefined): string {
  switch (range.code) {
    case 'empty':
      return t('choose at least one start and one end');
    case 'end-above-start':
      return t('the end {0} is above the start {1}: an end must come after its start', end ?? '', start ?? '');
    case 'no-path':
      if (start !== undefined && end !== undefined) return t('no path leads from {0} to {1}: they are on different branches', start, end);
      if (start !== undefined) return t('no path leads from the start {0} to any end', start);
      return t('no path leads from any start to the end {0}', end ?? '');
    case 'unknown-node':
      // Ids are checked above; an index out of range here would be our bug, still worded plainly.
      return t('there is no node {0} in the model', start ?? end ?? '');
  }
}
