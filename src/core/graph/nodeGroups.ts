// The groups the viewer collapses and expands: the readers' own (a Paddle sub-block, a PIR region:
// CompactGraph.nodeGroup) with, nested inside them, groups by name prefix:
//   - a `/` in a name is a namespace, as TensorFlow-era Caffe nets write them: `inception_4a/1x1`
//     sits in `inception_4a`, `a/b/c` in `a` then `a/b`;
//   - otherwise the part before the first `_` (`res3a_branch2a` → `res3a`; a node named just
//     `res3a` joins it), kept only when the nodes sharing it are two or more and connected among
//     themselves: `conv2d_0.tmp_0`, `conv2d_1.tmp_0` … of a Paddle program share `conv2d` without
//     forming a block, and stay ungrouped;
//   - an in-place layer (it reads and writes one tensor of the same name: Caffe's BatchNorm, Scale,
//     ReLU on `res3a_branch2a`) belongs with the layer that wrote its input, whatever its own name
//     (`bn3a_branch2a` is part of `res3a`, not of a group `bn3a`).
// A name-prefix group ends up with at least two nodes, counting those of its sub-groups; a
// reader's group stays whatever its size (a loop body of one op is still a block). Deterministic: the
// same graph gives the same groups in the same order (by first node in file order). Pure and
// linear in nodes + edges; no DOM, no Node.

import { CompactGraphReader, type CompactGraph } from './compactGraph';

export interface NodeGrouping {
  groupCount: number;
  /** Full path of each group, its parts joined by `/` (`block 1/inception_4a`): what the viewer keeps as expanded. */
  groupPath: string[];
  /** The last part of the path: what the group's box shows. */
  groupLabel: string[];
  /** Parent group, -1 at the top. A parent always comes before its children. */
  groupParent: Int32Array;
  /** Innermost group of each node, -1 at the top. */
  nodeGroup: Int32Array;
  /** Nodes in each group and its sub-groups. */
  groupSize: Uint32Array;
}

/** Parts of a node's name-prefix path, before the prefix rule has checked them. */
interface Candidate {
  /** The reader's group (-1 none) the name path nests in. */
  outer: number;
  parts: string[];
  /** Whether the last part is an `_` prefix still to be checked for connectedness. */
  underscore: boolean;
}

/** `reader`, when given, is one the caller reads the same graph with: its decoded names are shared. */
export function nodeGroups(graph: CompactGraph, reader?: CompactGraphReader): NodeGrouping {
  const r = reader ?? new CompactGraphReader(graph);
  const n = graph.nodeCount;

  // 1. Each node's candidate path: namespaces, or its `_` prefix, or its in-place producer's path.
  const candidates: Candidate[] = new Array(n);
  const prefixOf = (name: string): string | undefined => {
    const cut = name.indexOf('_');
    return cut > 0 && cut < name.length - 1 ? name.slice(0, cut) : undefined;
  };
  // Nodes named exactly as some prefix (`res3a` beside `res3a_branch2a`) join that prefix.
  const prefixes = new Set<string>();
  for (let i = 0; i < n; i++) {
    const p = prefixOf(r.string(graph.nodeName[i]));
    if (p !== undefined) prefixes.add(p);
  }
  for (let i = 0; i < n; i++) {
    const outer = graph.nodeGroup[i];
    const inPlaceFrom = inPlaceProducer(r, i);
    if (inPlaceFrom >= 0 && inPlaceFrom < i && graph.nodeGroup[inPlaceFrom] === outer) {
      candidates[i] = candidates[inPlaceFrom];
      continue;
    }
    const name = r.string(graph.nodeName[i]);
    const slash = name.split('/');
    if (slash.length > 1 && slash.every((s) => s.length > 0)) {
      candidates[i] = { outer, parts: slash.slice(0, -1), underscore: false };
      continue;
    }
    const prefix = prefixOf(name) ?? (prefixes.has(name) ? name : undefined);
    candidates[i] = { outer, parts: prefix === undefined ? [] : [prefix], underscore: prefix !== undefined };
  }

  // 2. An `_` prefix stands only where its nodes (two or more) are connected among themselves.
  const keyOf = (c: Candidate) => `${c.outer}\u0000${c.parts.join('/')}`;
  const members = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const c = candidates[i];
    if (!c.underscore) continue;
    const key = keyOf(c);
    let list = members.get(key);
    if (!list) members.set(key, (list = []));
    list.push(i);
  }
  const rejected = new Set<string>();
  const sameKey = new Int32Array(n).fill(-1);
  let keyNumber = 0;
  for (const list of members.values()) {
    for (const i of list) sameKey[i] = keyNumber;
    keyNumber++;
  }
  const connected = connectedWithin(graph, sameKey, keyNumber);
  let k = 0;
  for (const [key, list] of members) {
    if (list.length < 2 || !connected[k]) rejected.add(key);
    k++;
  }

  // 3. Groups from the readers' paths and the accepted name paths, parents first, in file order.
  const readerPaths: string[] = [];
  for (let g = 0; g < graph.groupCount; g++) readerPaths.push(r.string(graph.groupPath[g]));
  const index = new Map<string, number>();
  const groupPath: string[] = [];
  const groupLabel: string[] = [];
  const groupParent: number[] = [];
  const fromReader: boolean[] = [];
  const groupOf = (outer: number, parts: readonly string[]): number => {
    let parent = -1;
    // The reader's own groups first: their paths are already full paths, parent before child.
    const chain: number[] = [];
    for (let g = outer; g >= 0 && chain.length <= graph.groupCount; g = graph.groupParent[g]) chain.push(g);
    const levels: [string, string, boolean][] = [];
    for (let c = chain.length - 1; c >= 0; c--) {
      const full = readerPaths[chain[c]];
      levels.push([full, full.slice(full.lastIndexOf('/') + 1), true]);
    }
    for (const part of parts) {
      const path = levels.length > 0 ? `${levels[levels.length - 1][0]}/${part}` : part;
      levels.push([path, part, false]);
    }
    for (const [full, label, reader] of levels) {
      let g = index.get(full);
      if (g === undefined) {
        g = groupPath.length;
        index.set(full, g);
        groupPath.push(full);
        groupLabel.push(label);
        groupParent.push(parent);
        fromReader.push(reader);
      }
      parent = g;
    }
    return parent;
  };
  // Nodes of one candidate path share its group: looked up once per path, not walked per node
  // (the walk allocates, and at 55,000 nodes that garbage was a good part of the time). The first
  // node of each path still makes its groups, so the order is as if walked per node.
  const draft = new Int32Array(n);
  const groupOfKey = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const c = candidates[i];
    let key = keyOf(c);
    const dropped = c.underscore && rejected.has(key);
    if (dropped) key = `${c.outer}\u0000`;
    let g = groupOfKey.get(key);
    if (g === undefined) {
      g = groupOf(c.outer, dropped ? [] : c.parts);
      groupOfKey.set(key, g);
    }
    draft[i] = g;
  }

  // 4. Name-prefix groups of fewer than two nodes (sub-groups counted) are dropped: their nodes move up.
  const count = groupPath.length;
  const size = new Uint32Array(count);
  for (let i = 0; i < n; i++) for (let g = draft[i]; g >= 0; g = groupParent[g]) size[g]++;
  const kept = new Int32Array(count);
  const keptIndex = new Int32Array(count).fill(-1);
  const out = { path: [] as string[], label: [] as string[], parent: [] as number[], size: [] as number[] };
  for (let g = 0; g < count; g++) {
    // Parents come first, so a parent's own fate is known: a dropped parent hands its children up.
    let p = groupParent[g];
    while (p >= 0 && keptIndex[p] < 0) p = groupParent[p];
    kept[g] = size[g] >= 2 || fromReader[g] ? 1 : 0;
    if (!kept[g]) continue;
    keptIndex[g] = out.path.length;
    out.path.push(groupPath[g]);
    out.label.push(groupLabel[g]);
    out.parent.push(p >= 0 ? keptIndex[p] : -1);
    out.size.push(size[g]);
  }
  const nodeGroup = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let g = draft[i];
    while (g >= 0 && keptIndex[g] < 0) g = groupParent[g];
    nodeGroup[i] = g >= 0 ? keptIndex[g] : -1;
  }
  return {
    groupCount: out.path.length,
    groupPath: out.path,
    groupLabel: out.label,
    groupParent: Int32Array.from(out.parent),
    nodeGroup,
    groupSize: Uint32Array.from(out.size),
  };
}

/** The node that wrote the one tensor an in-place layer reads and rewrites under the same name, or -1. */
function inPlaceProducer(r: CompactGraphReader, node: number): number {
  const inputs = r.nodeInputs(node);
  const outputs = r.nodeOutputs(node);
  if (inputs.length !== 1 || outputs.length !== 1) return -1;
  const g = r.graph;
  if (g.tensorName[inputs[0]] !== g.tensorName[outputs[0]]) return -1;
  return g.tensorProducer[inputs[0]];
}

/**
 * Whether the nodes of each set (`set[i]`, -1 for none) are connected by edges between members of
 * the same set: one union-find over all edges, iterative, with path halving.
 */
function connectedWithin(graph: CompactGraph, set: Int32Array, setCount: number): Uint8Array {
  const n = graph.nodeCount;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (v: number) => {
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  for (let e = 0; e < graph.edgeCount; e++) {
    const a = graph.edgeFrom[e];
    const b = graph.edgeTo[e];
    if (set[a] < 0 || set[a] !== set[b]) continue;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const root = new Int32Array(setCount).fill(-1);
  const ok = new Uint8Array(setCount).fill(1);
  for (let i = 0; i < n; i++) {
    const s = set[i];
    if (s < 0) continue;
    const here = find(i);
    if (root[s] < 0) root[s] = here;
    else if (root[s] !== here) ok[s] = 0;
  }
  return ok;
}
