// The viewer's "export the current view" as SVG: drawGraphSvg with a view draws that rectangle of
// the same layout, with only the boxes and edges that reach into it, and colours a range; on a
// LeNet the test writes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { toCompactGraph, type CompactGraph } from '../../../src/core/graph/compactGraph';
import { selectCompactRange } from '../../../src/core/graph/nodeRange';
import { drawGraphSvg } from '../../../src/core/layout/graphSvg';
import { openModel } from '../../../src/core/openModel';
import { writeCaffeSample } from '../../../src/core/samples/caffeSample';

let dir: string;
let graph: CompactGraph;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'npu-svg-view-'));
  graph = toCompactGraph((await openModel((await writeCaffeSample(dir)).prototxt)).graph);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ids = (svg: string, kind: 'node' | 'edge') =>
  kind === 'node' ? [...svg.matchAll(/<g class="node" data-id="([^"]+)"/g)].map((m) => m[1]) : [...svg.matchAll(/<g class="edge" data-from="([^"]+)" data-to="([^"]+)"/g)].map((m) => `${m[1]}>${m[2]}`);

test('a view draws its rectangle of the whole drawing, with the boxes and edges that reach into it', () => {
  const whole = drawGraphSvg(graph);
  const { layout } = whole;
  const order = ['data', 'conv1', 'pool1', 'conv2', 'pool2', 'ip1', 'relu1', 'ip2', 'prob'];
  assert.deepEqual(ids(whole.svg, 'node'), order);
  // From the top of conv1's box to just above pool2's: conv1, pool1 and conv2 and the edges between and around them.
  const i = (name: string) => order.indexOf(name);
  const view = { x: 0, y: layout.y[i('conv1')], width: Math.ceil(layout.width), height: layout.y[i('pool2')] - 1 - layout.y[i('conv1')] };
  const cropped = drawGraphSvg(graph, { view });
  assert.match(cropped.svg, new RegExp(`<svg [^>]*width="${view.width}" height="${view.height}" viewBox="0 ${view.y} ${view.width} ${view.height}"`));
  assert.match(cropped.svg, new RegExp(`<rect class="background" x="0" y="${view.y}" width="${view.width}" height="${view.height}"`));
  assert.deepEqual(ids(cropped.svg, 'node'), ['conv1', 'pool1', 'conv2']);
  assert.deepEqual(ids(cropped.svg, 'edge'), ['data>conv1', 'conv1>pool1', 'pool1>conv2', 'conv2>pool2']);
  // The same layout: a box is where the whole drawing puts it.
  const place = (svg: string, id: string) => svg.match(new RegExp(`data-id="${id}" transform="(translate\\([^)]*\\))"`))?.[1];
  assert.equal(place(cropped.svg, 'pool1'), place(whole.svg, 'pool1'));
  // Without a view, the whole drawing as `npu-deploy draw` writes it.
  assert.match(whole.svg, new RegExp(`viewBox="0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}"`));
});

test('a range is coloured: its boxes marked start, inside or end, the edges between them in its blue', () => {
  const plain = drawGraphSvg(graph).svg;
  const order = ['data', 'conv1', 'pool1', 'conv2', 'pool2', 'ip1', 'relu1', 'ip2', 'prob'];
  const starts = [order.indexOf('conv1')];
  const ends = [order.indexOf('pool2')];
  const selected = selectCompactRange(graph, starts, ends);
  assert.ok(!selected.refused);
  const svg = drawGraphSvg(graph, { range: { inside: selected.inside, starts, ends } }).svg;
  const marks = [...svg.matchAll(/<g class="node" data-id="([^"]+)" data-range="([a-z]+)"/g)].map((m) => `${m[1]}:${m[2]}`);
  assert.deepEqual(marks, ['conv1:start', 'pool1:inside', 'conv2:inside', 'pool2:end']);
  assert.match(svg, /data-id="conv2" data-range="inside" transform="[^"]+"><rect [^>]*fill="#b2d2f7" stroke="#1a85ff" stroke-width="2"/);
  const blueEdges = [...svg.matchAll(/data-from="([^"]+)" data-to="([^"]+)"><path [^>]*stroke="#1a85ff"/g)].map((m) => `${m[1]}>${m[2]}`);
  assert.deepEqual(blueEdges, ['conv1>pool1', 'pool1>conv2', 'conv2>pool2']);
  // Outside the range, and without one, the picture is npu-deploy draw's.
  assert.equal(svg.match(/<g class="node" data-id="prob"[^]*?<\/g>/)?.[0], plain.match(/<g class="node" data-id="prob"[^]*?<\/g>/)?.[0]);
  assert.doesNotMatch(plain, /data-range|#1a85ff/);
});
