// `npu-deploy draw`: the contract scripts read. Every node a <g class="node" data-id> with its
// box, every producer → consumer edge a <g class="edge" data-from data-to>, producers above
// their consumers, no two boxes overlapping; --json's figures; the exit codes of info.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { toCompactGraph } from '../../../src/core/graph/compactGraph';
import { modelInfo } from '../../../src/core/modelInfo';
import { openModel } from '../../../src/core/openModel';
import { sharedModel, ifFullCorpus } from '../../support/corpus';
import { tempDir } from '../../support/tempDir';

const cli = path.resolve(__dirname, '../../../src/cli/main.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });

interface Box { x: number; y: number; w: number; h: number }

function parseSvg(svg: string): { boxes: Map<string, Box>; edges: [string, string][] } {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const boxes = new Map<string, Box>();
  for (const m of svg.matchAll(/<g class="node" data-id="([^"]*)" transform="translate\(([-\d.]+),([-\d.]+)\)"><rect x="0" y="0" width="([\d.]+)" height="([\d.]+)"/g)) {
    const id = unescape(m[1]);
    assert.ok(!boxes.has(id), `node ${id} drawn twice`);
    boxes.set(id, { x: Number(m[2]), y: Number(m[3]), w: Number(m[4]), h: Number(m[5]) });
  }
  const edges = [...svg.matchAll(/<g class="edge" data-from="([^"]*)" data-to="([^"]*)"><path d="M[^"]+"/g)].map((m) => [unescape(m[1]), unescape(m[2])] as [string, string]);
  return { boxes, edges };
}

for (const [label, file] of [
  ['GoogLeNet (four-branch inception blocks)', sharedModel('caffe', 'bvlc_googlenet', 'deploy.prototxt')],
  ['ResNet-50 (residual shortcuts, in-place layers)', sharedModel('caffe', 'resnet50_101', 'ResNet-50-deploy.prototxt')],
  ['a Paddle program with its weights', sharedModel('paddle', 'simple_model', 'model.pdmodel')],
  ['a Paddle program with sub-blocks', sharedModel('paddle', 'lac_graph_only', '__model__')],
] as const) {
  ifFullCorpus(test)(`draw ${label}: every node and edge, top to bottom, no overlaps`, async (t) => {
    const out = path.join(tempDir(t, 'npu-draw-'), 'graph.svg');
    const r = run(['draw', file, '--out', out, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const model = await openModel(file);
    const info = modelInfo(model);
    const compact = toCompactGraph(model.graph);
    const figures = JSON.parse(r.stdout) as { nodes: number; edges: number; width: number; height: number; seconds: number };
    assert.equal(figures.nodes, info.nodeCount);
    assert.equal(figures.edges, compact.edgeCount);
    assert.ok(figures.width > 0 && figures.height > 0 && figures.seconds >= 0);

    const svg = readFileSync(out, 'utf8');
    assert.match(svg, new RegExp(`^<svg [^>]*width="${figures.width}" height="${figures.height}"`));
    const { boxes, edges } = parseSvg(svg);
    assert.deepEqual([...boxes.keys()].sort(), info.nodes.map((n) => n.id).sort());
    assert.equal(edges.length, compact.edgeCount);
    for (const [from, to] of edges) {
      const a = boxes.get(from)!;
      const b = boxes.get(to)!;
      assert.ok(a && b, `edge ${from} → ${to} names a node not drawn`);
      assert.ok(a.y + a.h <= b.y, `${from} (bottom ${a.y + a.h}) is not above ${to} (top ${b.y})`);
    }
    const list = [...boxes.entries()];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [p, a] = list[i];
        const [q, b] = list[j];
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
        assert.ok(apart, `${p} and ${q} overlap`);
      }
    }
    // Positions only through translate(x,y) and x/y attributes: no other transform.
    assert.equal(/transform="(?!translate\()/.test(svg), false);
  });
}

ifFullCorpus(test)('draw: usage and bad input exit as info does, and a failed draw leaves no file', (t) => {
  const dir = tempDir(t, 'npu-draw-bad-');
  const noOut = run(['draw', sharedModel('caffe', 'lenet_bvlc', 'lenet.prototxt')]);
  assert.equal(noOut.status, 2);
  assert.match(noOut.stderr, /--out FILE\.svg is required/);
  const bad = path.join(dir, 'bad.prototxt');
  writeFileSync(bad, 'layer {\n');
  const out = path.join(dir, 'bad.svg');
  const r = run(['draw', bad, '--out', out]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.throws(() => readFileSync(out));
});
