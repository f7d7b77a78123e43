// The layered layout on the shapes that break careless layouts: nothing at all, a cycle from a
// damaged file, a chain far deeper than any recursion allows, a node with a thousand consumers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layeredLayout } from '../../../src/core/layout/layeredLayout';
import { GroupedLayout } from '../../../src/core/layout/groupedLayout';
import { nodeGroups } from '../../../src/core/graph/nodeGroups';
import { drawGraphSvg } from '../../../src/core/layout/graphSvg';
import { toCompactGraph } from '../../../src/core/graph/compactGraph';
import { openModel } from '../../../src/core/openModel';
import { sharedModel, ifFullCorpus } from '../../support/corpus';

const sizes = (n: number) => ({ width: new Float64Array(n).fill(80), height: new Float64Array(n).fill(40) });

test('an empty graph lays out to an empty page', () => {
  const r = layeredLayout({ nodeCount: 0, edgeCount: 0, edgeFrom: [], edgeTo: [], ...sizes(0) });
  assert.equal(r.layerCount, 0);
  assert.equal(r.x.length, 0);
  assert.ok(r.width > 0 && r.height > 0);
});

test('a chain of 100,000 nodes: one per row, straight down, no recursion', () => {
  const n = 100_000;
  const from = Uint32Array.from({ length: n - 1 }, (_, i) => i);
  const to = Uint32Array.from({ length: n - 1 }, (_, i) => i + 1);
  const r = layeredLayout({ nodeCount: n, edgeCount: n - 1, edgeFrom: from, edgeTo: to, ...sizes(n) });
  assert.equal(r.layerCount, n);
  for (let i = 1; i < n; i += 9973) {
    assert.ok(r.y[i] > r.y[i - 1]);
    assert.equal(r.x[i], r.x[0]);
  }
});

test('one node feeding a thousand: one row of a thousand boxes, none overlapping, centred under it', () => {
  const n = 1001;
  const from = new Uint32Array(1000);
  const to = Uint32Array.from({ length: 1000 }, (_, i) => i + 1);
  const r = layeredLayout({ nodeCount: n, edgeCount: 1000, edgeFrom: from, edgeTo: to, ...sizes(n) });
  const xs = Array.from(r.x.subarray(1)).sort((a, b) => a - b);
  for (let i = 1; i < xs.length; i++) assert.ok(xs[i] - xs[i - 1] >= 80, 'boxes in a row do not overlap');
  const mid = (xs[0] + xs[xs.length - 1] + 80) / 2;
  assert.ok(Math.abs(r.x[0] + 40 - mid) < 1, `parent centre ${r.x[0] + 40}, row centre ${mid}`);
});

test('a cycle (a damaged file) still places every node and draws every edge', () => {
  const r = layeredLayout({ nodeCount: 3, edgeCount: 3, edgeFrom: [0, 1, 2], edgeTo: [1, 2, 1], ...sizes(3) });
  assert.equal(new Set(r.layer).size, 3);
  assert.equal(r.edgePoints.length, 3);
  assert.ok(r.edgePoints.every((p) => p.length >= 4 && p.every(Number.isFinite)));
});

ifFullCorpus(test)('the viewer\'s layout, every group expanded, is the one `npu-deploy draw` draws, boxes and all', async () => {
  const graph = toCompactGraph((await openModel(sharedModel('caffe', 'bvlc_googlenet', 'deploy.prototxt'))).graph);
  const grouping = nodeGroups(graph);
  const packed = new GroupedLayout(graph, grouping).layout(new Uint8Array(grouping.groupCount).fill(1));
  const drawn = drawGraphSvg(graph);
  assert.deepEqual(packed.x, drawn.layout.x);
  assert.deepEqual(packed.y, drawn.layout.y);
  assert.equal(packed.edgeStart.length, graph.edgeCount + 1);
  for (let e = 0; e < graph.edgeCount; e++) {
    assert.deepEqual(packed.edgePoints.subarray(packed.edgeStart[e], packed.edgeStart[e + 1]), drawn.layout.edgePoints[e]);
  }
  // The SVG's node rect widths are the packed widths.
  const widths = [...drawn.svg.matchAll(/<g class="node"[^>]*><rect x="0" y="0" width="([\d.]+)"/g)].map((m) => Number(m[1]));
  assert.equal(widths.length, graph.nodeCount);
  widths.forEach((w, i) => assert.equal(w, Math.round(packed.width[i] * 10) / 10));
  assert.ok(packed.width.some((w) => w > packed.width[0]), 'boxes differ in width by their labels');
});
