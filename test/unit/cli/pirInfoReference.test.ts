// `npu-deploy info --json` on every Paddle 3 PIR program of the collection equals the summary an
// independent script made of it (paddle-pir/*.reference.json): op count and histogram over every
// block with expanded names, feeds, fetches in col order, sorted parameter names, and the
// `.pdiparams` walk where the weights are there. `npu-deploy draw` draws each of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { openModel } from '../../../src/core/openModel';
import { corpus, ifFullCorpus } from '../../support/corpus';
import { tempDir } from '../../support/tempDir';

const cli = path.resolve(__dirname, '../../../src/cli/main.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });

interface ValueType {
  type: string;
  dtype: string;
  dims: number[];
}
interface PirReference {
  model: string;
  program_file: string;
  op_count_total: number;
  op_histogram: Record<string, number>;
  feeds: { name: string; value_type: ValueType; depth: number }[];
  fetches: { name: string; col: number; value_type: ValueType }[];
  parameter_names_sorted: string[];
  pdiparams: null | { file: string; tensor_count: number; consumed_exactly: boolean; tensors: { record_offset: number; data_offset: number; dtype: string; dims: number[]; nbytes: number; name_by_sorted_order: string }[] };
}

// The reference spells element types as PIR ids (`0.t_f32`) and record dtypes as VarType names (`FP32`).
const pirDtype: Record<string, string> = { '0.t_f32': 'float32', '0.t_f64': 'float64', '0.t_i64': 'int64', '0.t_i32': 'int32', '0.t_bool': 'bool', '0.t_ui8': 'uint8', '0.t_f16': 'float16' };
const recordDtype: Record<string, string> = { FP32: 'float32', FP64: 'float64', FP16: 'float16', INT64: 'int64', INT32: 'int32', BOOL: 'bool', UINT8: 'uint8', INT8: 'int8' };
const sorted = (h: Record<string, number>) => Object.fromEntries(Object.entries(h).sort(([a], [b]) => (a < b ? -1 : 1)));

const programs = corpus.models.filter((m) => m.framework === 'paddle-pir');

ifFullCorpus(test)('the collection holds the five PIR programs', () => {
  assert.deepEqual(programs.map((m) => m.name).sort(), ['p2o_ifelse', 'p2o_thresholded_relu', 'pplcnet_x0_25_textline_ori', 'ppocrv5_mobile_det', 'ppocrv5_mobile_rec']);
});

for (const model of programs) {
  const ref = model.reference as unknown as PirReference;
  const file = model.path(ref.program_file);

  ifFullCorpus(test)(`info --json: paddle-pir/${ref.model} equals its reference`, () => {
    const r = run(['info', file, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const info = JSON.parse(r.stdout);
    assert.equal(info.framework, 'paddle');
    assert.equal(info.format, 'pir');
    assert.equal(info.nodeCount, ref.op_count_total);
    assert.deepEqual(sorted(info.opTypes), sorted(ref.op_histogram));
    const top = ref.feeds.filter((f) => f.depth === 0);
    assert.deepEqual(info.inputs, top.map((f) => ({ name: f.name, shape: f.value_type.dims, dtype: pirDtype[f.value_type.dtype] })));
    assert.deepEqual(info.outputs, [...ref.fetches].sort((a, b) => a.col - b.col).map((f) => ({ name: f.name, shape: f.value_type.dims, dtype: pirDtype[f.value_type.dtype] })));
    assert.deepEqual(info.params, ref.parameter_names_sorted);
    assert.equal(new Set(info.nodes.map((n: { id: string }) => n.id)).size, info.nodeCount, 'node ids are unique');
    // The collection could not hold the PP-OCRv5 weights (over 4 MiB): saying so is the only warning.
    const weightsThere = ref.pdiparams !== null && model.has(ref.pdiparams.file);
    const expected = weightsThere || ref.parameter_names_sorted.length === 0 ? [] : [`${file}: no weights found (looked for inference.pdiparams); showing the graph only`];
    assert.deepEqual(info.warnings, expected);
  });

  if (ref.pdiparams && model.has(ref.pdiparams.file)) {
    const params = ref.pdiparams;
    ifFullCorpus(test)(`paddle-pir/${ref.model}: the .pdiparams index equals the reference walk, and every record reads`, async () => {
      const opened = await openModel(file);
      const entries = opened.weights!.entries as readonly { key: string; dtype: string; shape: number[]; offset: number; byteLength: number; recordOffset?: number }[];
      assert.equal(params.consumed_exactly, true);
      assert.deepEqual(
        entries.map((e) => [e.key, e.recordOffset, e.offset, e.dtype, e.shape, e.byteLength]),
        params.tensors.map((r) => [r.name_by_sorted_order, r.record_offset, r.data_offset, recordDtype[r.dtype], r.dims, r.nbytes]),
      );
      const bytes = readFileSync(model.path(params.file));
      const last = entries[entries.length - 1];
      assert.deepEqual(await opened.weights!.read(last.key), new Uint8Array(bytes.subarray(last.offset, last.offset + last.byteLength)));
      // Every conv2d carries its filter as a weight with the bytes' key.
      const convs = opened.graph.nodes.filter((n) => n.type === 'pd_op.conv2d');
      assert.ok(convs.length > 0 && convs.every((n) => n.weights.length === 1 && n.weights[0].key !== undefined && n.weights[0].shape!.length === 4));
    });
  }

  ifFullCorpus(test)(`draw paddle-pir/${ref.model}: every node in the SVG`, (t) => {
    const out = path.join(tempDir(t, 'npu-pir-draw-'), 'graph.svg');
    const r = run(['draw', file, '--out', out, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const figures = JSON.parse(r.stdout) as { nodes: number; edges: number };
    assert.equal(figures.nodes, ref.op_count_total);
    const svg = readFileSync(out, 'utf8');
    assert.equal([...svg.matchAll(/<g class="node" data-id=/g)].length, ref.op_count_total);
    assert.ok(figures.edges > 0);
  });
}
