// The grouped layout: collapsed groups as one box with the edges attached to it, each group laid
// out on its own when first expanded (and only then), the same places inside as that group laid
// out alone, and a graph without groups laid out exactly as `npu-deploy draw` lays it out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompactGraphReader, toCompactGraph, type CompactGraph } from '../../../src/core/graph/compactGraph';
import { nodeGroups } from '../../../src/core/graph/nodeGroups';
import { graphLayout } from '../../../src/core/layout/graphLayout';
import { GroupedLayout, type GroupedGraphLayout } from '../../../src/core/layout/groupedLayout';
import { drawGraphSvg } from '../../../src/core/layout/graphSvg';
import { layeredLayout } from '../../../src/core/layout/layeredLayout';
import { BOX_HEIGHT, GROUP_HEADER, nodeBoxes } from '../../../src/core/layout/nodeBoxes';
import { openModel } from '../../../src/core/openModel';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';
import { ifFullCorpus, sharedModel } from '../../support/corpus';
import { writeGroupedNet } from '../../support/groupedNets';
import { tempDir } from '../../support/tempDir';

async function groupedNet(t: { after: (fn: () => void) => void }): Promise<CompactGraph> {
  return toCompactGraph((await openModel(writeGroupedNet(tempDir(t), { resBlocks: 3, inceptionBlocks: 2 }))).graph);
}

/** The box a node is drawn as: its own, or its collapsed group's. */
function shownBox(l: GroupedGraphLayout, n: number, shown: number) {
  return shown < n
    ? { x: l.x[shown], y: l.y[shown], w: l.width[shown], h: l.height[shown] }
    : { x: l.groupX[shown - n], y: l.groupY[shown - n], w: l.groupWidth[shown - n], h: l.groupHeight[shown - n] };
}

test('without groups, the grouped layout is graphLayout\'s, point for point', async (t) => {
  const dir = tempDir(t);
  const graph = toCompactGraph((await openModel((await writeCaffeSample(dir)).prototxt)).graph);
  const grouping = nodeGroups(graph);
  assert.equal(grouping.groupCount, 0);
  const flat = graphLayout(graph);
  const grouped = new GroupedLayout(graph, grouping).layout(new Uint8Array(0));
  assert.deepEqual(grouped.x, flat.x);
  assert.deepEqual(grouped.y, flat.y);
  assert.deepEqual(grouped.edgeStart, flat.edgeStart);
  assert.deepEqual(grouped.edgePoints, flat.edgePoints);
  assert.equal(grouped.totalWidth, flat.totalWidth);
});

test('all collapsed: each group one box, its nodes hidden, edges attached to the boxes, one per box pair and tensor', async (t) => {
  const graph = await groupedNet(t);
  const grouping = nodeGroups(graph);
  const engine = new GroupedLayout(graph, grouping);
  const l = engine.layout(new Uint8Array(grouping.groupCount));
  const n = graph.nodeCount;
  const r = new CompactGraphReader(graph);
  for (let i = 0; i < n; i++) {
    const g = grouping.nodeGroup[i];
    assert.equal(Number.isNaN(l.x[i]), g >= 0, r.nodeId(i));
    assert.equal(l.nodeShownAs[i], g >= 0 ? n + g : i);
  }
  for (let g = 0; g < grouping.groupCount; g++) {
    assert.ok(Number.isFinite(l.groupX[g]) && l.groupHeight[g] === BOX_HEIGHT && l.groupExpanded[g] === 0);
  }
  // Drawn edges: one per (shown producer, shown consumer, tensor) whose ends differ, found here from the edge lists.
  const expected = new Map<string, number>();
  for (let e = 0; e < graph.edgeCount; e++) {
    const a = l.nodeShownAs[graph.edgeFrom[e]];
    const b = l.nodeShownAs[graph.edgeTo[e]];
    const key = `${a},${b},${graph.edgeTensor[e]}`;
    if (a !== b && !expected.has(key)) expected.set(key, e);
  }
  const drawnEdges = [...Array(graph.edgeCount).keys()].filter((e) => l.edgeStart[e + 1] > l.edgeStart[e]);
  assert.deepEqual(drawnEdges, [...expected.values()]);
  // res2a's output feeds both res2b_branch2a and the sum res2b: one edge between the two boxes, with the tensor's shape.
  const res2a = grouping.groupPath.indexOf('res2a');
  const res2b = grouping.groupPath.indexOf('res2b');
  const between = drawnEdges.filter((e) => l.nodeShownAs[graph.edgeFrom[e]] === n + res2a && l.nodeShownAs[graph.edgeTo[e]] === n + res2b);
  assert.equal(between.length, 1);
  assert.deepEqual(r.tensorShape(graph.edgeTensor[between[0]]), [1, 8, 16, 16]);
  for (const e of drawnEdges) {
    const p = l.edgePoints.subarray(l.edgeStart[e], l.edgeStart[e + 1]);
    const from = shownBox(l, n, l.nodeShownAs[graph.edgeFrom[e]]);
    const to = shownBox(l, n, l.nodeShownAs[graph.edgeTo[e]]);
    assert.deepEqual([p[0], p[1]], [from.x + from.w / 2, from.y + from.h], 'leaves the bottom of the producer\'s box');
    assert.deepEqual([p[p.length - 2], p[p.length - 1]], [to.x + to.w / 2, to.y], 'enters the top of the consumer\'s box');
  }
});

test('groups are laid out lazily: a group when first expanded, then only the levels above a change', async (t) => {
  const graph = await groupedNet(t);
  const grouping = nodeGroups(graph);
  const engine = new GroupedLayout(graph, grouping);
  const flags = new Uint8Array(grouping.groupCount);
  engine.layout(flags);
  assert.equal(engine.laidOut, 1, 'collapsed: the top level only');
  const inception = grouping.groupPath.indexOf('inception_3a');
  flags[inception] = 1;
  engine.layout(flags);
  assert.equal(engine.laidOut, 3, 'expanding lays out the group and the top again');
  engine.layout(flags);
  assert.equal(engine.laidOut, 3, 'nothing changed, nothing laid out');
  flags[inception] = 0;
  engine.layout(flags);
  flags[inception] = 1;
  engine.layout(flags);
  assert.equal(engine.laidOut, 5, 'the group\'s own layout is kept across collapsing and expanding again');
});

test('an expanded group holds its nodes where laying that group out alone puts them', async (t) => {
  const graph = await groupedNet(t);
  const grouping = nodeGroups(graph);
  const engine = new GroupedLayout(graph, grouping);
  const flags = new Uint8Array(grouping.groupCount).fill(1);
  const l = engine.layout(flags);
  const { width, height } = nodeBoxes(new CompactGraphReader(graph));
  for (let g = 0; g < grouping.groupCount; g++) {
    // The group alone: its nodes in file order, the edges among them in edge order.
    const members = [...Array(graph.nodeCount).keys()].filter((i) => grouping.nodeGroup[i] === g);
    const local = new Map(members.map((v, k) => [v, k]));
    const from: number[] = [];
    const to: number[] = [];
    for (let e = 0; e < graph.edgeCount; e++) {
      if (local.has(graph.edgeFrom[e]) && local.has(graph.edgeTo[e])) {
        from.push(local.get(graph.edgeFrom[e])!);
        to.push(local.get(graph.edgeTo[e])!);
      }
    }
    const alone = layeredLayout({ nodeCount: members.length, edgeCount: from.length, edgeFrom: from, edgeTo: to, width: members.map((v) => width[v]), height: members.map((v) => height[v]) });
    members.forEach((v, k) => {
      // Equal but for the rounding of adding the frame's place.
      assert.ok(Math.abs(l.x[v] - l.groupX[g] - alone.x[k]) < 1e-9, `${grouping.groupPath[g]}: x ${l.x[v] - l.groupX[g]}, alone ${alone.x[k]}`);
      assert.ok(Math.abs(l.y[v] - l.groupY[g] - GROUP_HEADER - alone.y[k]) < 1e-9, `${grouping.groupPath[g]}: y ${l.y[v] - l.groupY[g] - GROUP_HEADER}, alone ${alone.y[k]}`);
    });
    assert.equal(l.groupExpanded[g], 1);
    assert.equal(l.groupHeight[g], alone.height + GROUP_HEADER);
  }
});

/** No two boxes shown side by side overlap, and every node lies inside the frames of its groups. */
function assertNested(graph: CompactGraph, l: GroupedGraphLayout, grouping: ReturnType<typeof nodeGroups>): void {
  for (let i = 0; i < graph.nodeCount; i++) {
    if (Number.isNaN(l.x[i])) continue;
    for (let g = grouping.nodeGroup[i]; g >= 0; g = grouping.groupParent[g]) {
      assert.ok(l.x[i] >= l.groupX[g] && l.x[i] + l.width[i] <= l.groupX[g] + l.groupWidth[g], 'inside its frame across');
      assert.ok(l.y[i] >= l.groupY[g] + GROUP_HEADER && l.y[i] + l.height[i] <= l.groupY[g] + l.groupHeight[g], 'inside its frame down');
    }
  }
  const boxes: { x: number; y: number; w: number; h: number; parent: number }[] = [];
  for (let i = 0; i < graph.nodeCount; i++) if (!Number.isNaN(l.x[i])) boxes.push({ x: l.x[i], y: l.y[i], w: l.width[i], h: l.height[i], parent: grouping.nodeGroup[i] });
  for (let g = 0; g < grouping.groupCount; g++) if (!Number.isNaN(l.groupX[g])) boxes.push({ x: l.groupX[g], y: l.groupY[g], w: l.groupWidth[g], h: l.groupHeight[g], parent: grouping.groupParent[g] });
  for (let a = 0; a < boxes.length; a++) {
    for (let b = a + 1; b < boxes.length; b++) {
      const p = boxes[a];
      const q = boxes[b];
      if (p.parent !== q.parent) continue;
      const apart = p.x + p.w <= q.x || q.x + q.w <= p.x || p.y + p.h <= q.y || q.y + q.h <= p.y;
      assert.ok(apart, `boxes ${a} and ${b} overlap`);
    }
  }
}

test('expanded or collapsed, boxes at one level never overlap and frames hold their nodes', async (t) => {
  const graph = await groupedNet(t);
  const grouping = nodeGroups(graph);
  const engine = new GroupedLayout(graph, grouping);
  for (const fill of [0, 1]) assertNested(graph, engine.layout(new Uint8Array(grouping.groupCount).fill(fill)), grouping);
});

ifFullCorpus(test)('GoogLeNet with one inception block expanded: its edges in and out reach its nodes, producers above consumers', async () => {
  const graph = toCompactGraph((await openModel(sharedModel('caffe', 'bvlc_googlenet', 'deploy.prototxt'))).graph);
  const grouping = nodeGroups(graph);
  const engine = new GroupedLayout(graph, grouping);
  const l = engine.layout(engine.expandedFlags(['inception_4a']));
  assertNested(graph, l, grouping);
  const r = new CompactGraphReader(graph);
  const n = graph.nodeCount;
  let into = 0;
  for (let e = 0; e < graph.edgeCount; e++) {
    if (l.edgeStart[e + 1] === l.edgeStart[e]) continue;
    const p = l.edgePoints.subarray(l.edgeStart[e], l.edgeStart[e + 1]);
    assert.ok(p[1] < p[p.length - 1], `edge ${e} runs downwards`);
    const to = l.nodeShownAs[graph.edgeTo[e]];
    if (to < n && r.nodeId(to).startsWith('inception_4a/') && !r.nodeId(graph.edgeFrom[e]).startsWith('inception_4a/')) {
      into++;
      assert.deepEqual([p[p.length - 2], p[p.length - 1]], [l.x[to] + l.width[to] / 2, l.y[to]]);
    }
  }
  // inception_3b's output (collapsed, shown as its box) feeds the four branch heads of inception_4a.
  assert.equal(into, 4);
});

test('the SVG of a view with groups collapsed: their boxes, none of their nodes, a range colouring a group it holds whole', async (t) => {
  const graph = await groupedNet(t);
  const grouping = nodeGroups(graph);
  const r = new CompactGraphReader(graph);
  const index = (id: string) => r.nodeIndex(id)!;
  // From conv1's sum through res2b: res2a lies wholly inside, so its box is blue.
  const inside = new Uint8Array(graph.nodeCount);
  for (let i = index('conv1_relu'); i <= index('res2b_relu'); i++) inside[i] = 1;
  const svg = drawGraphSvg(graph, { expandedGroups: ['res2b'], range: { inside, starts: [index('conv1_relu')], ends: [index('res2b_relu')] } }).svg;
  const collapsed = [...svg.matchAll(/<g class="group" data-group="([^"]+)" data-collapsed="true"(?: data-range="(\w+)")?/g)].map((m) => `${m[1]}:${m[2] ?? ''}`);
  assert.deepEqual(collapsed, ['conv1:start', 'res2a:inside', 'res2c:', 'inception_3a:', 'inception_3b:']);
  assert.match(svg, /<g class="group" data-group="res2b" transform=/);
  const nodes = [...svg.matchAll(/<g class="node" data-id="([^"]+)"/g)].map((m) => m[1]);
  const expected = [...Array(graph.nodeCount).keys()].filter((i) => grouping.nodeGroup[i] < 0 || grouping.groupPath[grouping.nodeGroup[i]] === 'res2b').map((i) => r.nodeId(i));
  assert.deepEqual(nodes, expected);
  assert.match(svg, />9 nodes</);
});
