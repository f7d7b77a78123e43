// Which node of the original model's graph each compared row stands for, so the overlay can
// colour it and a click can go from row to node and back. A row names its layer (`name`); when
// that is not a node id, the name as golden dumps spell it (`/` and `.` turned into `_`) or a
// tensor the node produces is tried. Pure: runs in the webview over the compact graph.

import type { CompactGraphReader } from '../graph/compactGraph';
import type { CompareRow } from './compareResult';

/** How golden `.npy` names spell a Caffe layer name (issue 18 §1). */
export function goldenSpelling(name: string): string {
  return name.replace(/[/.]/g, '_');
}

/** The node index of each row, -1 where no node of the graph is that row's layer. */
export function rowNodes(reader: CompactGraphReader, rows: readonly Pick<CompareRow, 'name' | 'tensor'>[]): Int32Array {
  const g = reader.graph;
  let bySpelling: Map<string, number> | undefined;
  let byTensor: Map<string, number> | undefined;
  const out = new Int32Array(rows.length).fill(-1);
  rows.forEach((row, r) => {
    const direct = reader.nodeIndex(row.name);
    if (direct !== undefined) {
      out[r] = direct;
      return;
    }
    if (!bySpelling) {
      bySpelling = new Map();
      for (let i = 0; i < g.nodeCount; i++) {
        const spelt = goldenSpelling(reader.nodeId(i));
        if (!bySpelling.has(spelt)) bySpelling.set(spelt, i);
      }
    }
    const spelt = bySpelling.get(goldenSpelling(row.name));
    if (spelt !== undefined) {
      out[r] = spelt;
      return;
    }
    if (!byTensor) {
      byTensor = new Map();
      for (let tIndex = 0; tIndex < g.tensorCount; tIndex++) {
        const producer = g.tensorProducer[tIndex];
        if (producer >= 0) byTensor.set(reader.tensorName(tIndex), producer);
      }
    }
    // `conv1:output:0` names conv1's first output; a bare tensor name is looked up as it is.
    const tensor = row.tensor.replace(/:output:\d+$/, '');
    out[r] = byTensor.get(row.name) ?? byTensor.get(row.tensor) ?? byTensor.get(tensor) ?? -1;
  });
  return out;
}
