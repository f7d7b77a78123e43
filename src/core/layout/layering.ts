// Longest-path layering, the first step of the layered top-to-bottom layout: every node sits one
// layer below the lowest of its producers. Iterative (Kahn's order over the edge arrays), so it
// runs in time linear in nodes + edges and never recurses however deep the net is. A cycle (which
// versioned tensors rule out, but a damaged file may still hold) does not stop it: the nodes left
// on it are placed below everything reached, in file order.


export interface Layering {
  /** Layer of each node, 0 at the top. */
  layer: Int32Array;
  layerCount: number;
}

export function longestPathLayers(graph: { nodeCount: number; edgeCount: number; edgeFrom: ArrayLike<number>; edgeTo: ArrayLike<number> }): Layering {
  const n = graph.nodeCount;
  const indegree = new Int32Array(n);
  const outStart = new Int32Array(n + 1);
  for (let e = 0; e < graph.edgeCount; e++) {
    indegree[graph.edgeTo[e]]++;
    outStart[graph.edgeFrom[e] + 1]++;
  }
  for (let i = 0; i < n; i++) outStart[i + 1] += outStart[i];
  const fill = outStart.slice(0, n);
  const outTo = new Int32Array(graph.edgeCount);
  for (let e = 0; e < graph.edgeCount; e++) outTo[fill[graph.edgeFrom[e]]++] = graph.edgeTo[e];

  const layer = new Int32Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (indegree[i] === 0) queue[tail++] = i;
  let deepest = -1;
  const placed = new Uint8Array(n);
  while (head < tail) {
    const v = queue[head++];
    placed[v] = 1;
    if (layer[v] > deepest) deepest = layer[v];
    for (let k = outStart[v]; k < outStart[v + 1]; k++) {
      const w = outTo[k];
      if (layer[v] + 1 > layer[w]) layer[w] = layer[v] + 1;
      if (--indegree[w] === 0) queue[tail++] = w;
    }
  }
  for (let i = 0; i < n; i++) {
    if (!placed[i]) layer[i] = ++deepest;
  }
  return { layer, layerCount: deepest + 1 };
}
