// Every Caffe file described by the independently decoded references of the corpus opens with
// the same net name, layers, inputs, outputs and blob shapes as protoc saw. Tests as data: one loop
// over the reference JSONs, one test per file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { modelInfo } from '../../../src/core/modelInfo';
import { openModel } from '../../../src/core/openModel';
import { upgradeV1LayerType } from '../../../src/core/formats/caffe/v1LayerTypes';
import { readPrototxt } from '../../../src/core/formats/caffe/prototxtReader';
import { SolverParameterType } from '../../../src/core/formats/caffe/schema';
import { corpus, ifFullCorpus } from '../../support/corpus';

interface RefLayer {
  name: string;
  type: string;
  bottom: string[];
  top: string[];
  blobs?: number[][];
}
interface RefNet {
  net_name: string | null;
  format: string;
  layer_count: number;
  layer_type_histogram: Record<string, number>;
  inputs: string[];
  outputs: string[];
  layers?: RefLayer[];
  layers_with_blobs?: number;
  total_blobs?: number;
}
interface RefEntry extends Partial<RefNet> {
  file: string;
  message: string;
  protoc_ok: boolean;
  parsed_with?: string;
  protoc_error?: string;
  bvlc_caffe_proto_error?: string;
  solver?: Record<string, string | number>;
  embedded_net_param?: RefNet;
}

const references = corpus.models.filter((m) => m.framework === 'caffe');

ifFullCorpus(test)('the corpus holds Caffe references to check against', () => {
  assert.ok(references.length >= (corpus.kind === 'full' ? 15 : 9), `found ${references.length} Caffe references in ${corpus.root}`);
});

function upgradedHistogram(h: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [type, n] of Object.entries(h)) {
    const t = upgradeV1LayerType(type);
    out[t] = (out[t] ?? 0) + n;
  }
  return out;
}

const sorted = (h: Record<string, number>) => Object.fromEntries(Object.entries(h).sort(([a], [b]) => a.localeCompare(b)));

function expectedName(net: RefNet, file: string): string {
  return net.net_name ? net.net_name : path.basename(file, path.extname(file));
}

for (const ref of references) {
  const entries = ref.reference.entries as RefEntry[];
  for (const entry of entries.filter((e) => ref.has(e.file))) {
    const file = ref.path(entry.file);
    test(`${ref.name}/${entry.file} opens as its reference says`, async () => {
      // Weights are opened on their own (the caffemodel entries); a prototxt is checked as a net.
      const model = await openModel(file, { noWeights: true });
      const info = modelInfo(model);
      assert.equal(info.framework, 'caffe');
      if (entry.message === 'caffe.SolverParameter') {
        assert.equal(info.format, 'solver');
        // The solver's own settings read as protoc decoded them (float32 base_lr compared as float32).
        const solver = readPrototxt(readFileSync(file, 'utf8'), file, SolverParameterType).message;
        for (const [key, value] of Object.entries(entry.solver ?? {})) {
          const actual = solver[key];
          assert.deepEqual(typeof value === 'number' ? Math.fround(Number(actual)) : actual, typeof value === 'number' ? Math.fround(value) : value, `${entry.file}: ${key}`);
        }
        const net = entry.embedded_net_param;
        if (net) {
          assert.equal(info.name, expectedName(net, file));
          assert.equal(info.nodeCount, net.layer_count);
          assert.deepEqual(sorted(info.opTypes), sorted(upgradedHistogram(net.layer_type_histogram)));
          assert.deepEqual(info.inputs.map((i) => i.name), net.inputs);
          assert.deepEqual(info.outputs.map((o) => o.name), net.outputs);
        } else {
          // The solver names its net by a path; when that net lies beside it, it is the graph.
          assert.ok(typeof entry.solver?.net === 'string', 'solver reference without a net');
          const beside = path.join(ref.folder, path.basename(String(entry.solver!.net)));
          const netRef = entries.find((e) => e.file === path.basename(beside));
          if (netRef) assert.equal(info.nodeCount, netRef.layer_count);
          else assert.ok(model.warnings.some((w) => w.code === 'caffe.solver-net-missing'), 'no warning about the missing net');
        }
        return;
      }
      const net = entry as RefEntry & RefNet;
      assert.equal(info.format, entry.file.endsWith('.caffemodel') ? 'caffemodel' : 'prototxt');
      assert.equal(info.name, expectedName(net, file));
      assert.equal(info.nodeCount, net.layer_count);
      assert.deepEqual(sorted(info.opTypes), sorted(upgradedHistogram(net.layer_type_histogram)));
      assert.deepEqual(info.inputs.map((i) => i.name), net.inputs);
      assert.deepEqual(info.outputs.map((o) => o.name), net.outputs);
      if (net.layers) {
        assert.deepEqual(
          model.graph.nodes.map((n) => ({ name: n.name, type: n.type, bottom: info.nodes.find((x) => x.id === n.id)!.inputs, top: info.nodes.find((x) => x.id === n.id)!.outputs })),
          net.layers.map((l) => ({ name: l.name, type: upgradeV1LayerType(l.type), bottom: l.bottom, top: l.top })),
        );
      }
      if (entry.file.endsWith('.caffemodel')) {
        assert.deepEqual(
          model.graph.nodes.map((n) => n.weights.map((w) => w.shape)),
          net.layers!.map((l) => l.blobs ?? []),
        );
        assert.equal(model.params.length, net.layers_with_blobs);
        assert.equal(model.weights?.entries.length, net.total_blobs);
      } else {
        assert.deepEqual(model.params, [], 'a net opened without weights has no params');
      }
      // Files BVLC's caffe.proto rejects open, with a warning that says why.
      if (entry.bvlc_caffe_proto_error) {
        const field = /field named "(\w+)"/.exec(entry.bvlc_caffe_proto_error)![1];
        assert.ok(model.warnings.some((w) => w.code === 'caffe.vendor-extension' && w.message.includes(field)), `no vendor warning for ${field}`);
      }
      if (!entry.protoc_ok && entry.protoc_error) {
        const field = /field named "(\w+)"/.exec(entry.protoc_error)![1];
        const line = Number(/input:(\d+):/.exec(entry.protoc_error)![1]);
        const warning = model.warnings.find((w) => w.code === 'caffe.unknown-field' && w.message.includes(field));
        assert.ok(warning, `no unknown-field warning for ${field}`);
        assert.deepEqual(warning.place.kind === 'text' && warning.place.line, line, 'the warning points at the line protoc reported');
      }
      if (entry.protoc_ok && !entry.bvlc_caffe_proto_error) {
        // A caffemodel saved from a training net is fine, but worth a word: its inputs have no shapes.
        const problems = model.warnings.filter((w) => w.code !== 'caffe.training-net');
        assert.deepEqual(problems.map((w) => w.message), [], 'a file protoc accepts opens without warnings');
      }
      const training = model.warnings.find((w) => w.code === 'caffe.training-net');
      if (training) {
        assert.ok(entry.file.endsWith('.caffemodel'), 'only a caffemodel can hold a training net');
        assert.ok(model.inputs.some((i) => i.shape === null), 'the warning is only given when input shapes are unknown');
      }
    });
  }
}
