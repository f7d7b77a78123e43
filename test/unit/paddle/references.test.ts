// Tests as data: every Paddle entry of the corpus's reference summaries, checked against what our
// reader makes of the same file. A new reference file is a new test with no code change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelFormatError } from '../../../src/core/errors';
import { openPaddleModel } from '../../../src/core/formats/paddle/openPaddle';
import { readProgramFile, programVersion } from '../../../src/core/formats/paddle/programReader';
import { indexCombinedParams, indexSeparateParams } from '../../../src/core/formats/paddle/paramsIndex';
import { savedVarNames } from '../../../src/core/formats/paddle/persistables';
import { readTensorRecord } from '../../../src/core/formats/paddle/tensorRecord';
import { withByteSource } from '../../../src/core/io/byteSource';
import { nodeFileAccess } from '../../../src/core/io/nodeFileAccess';
import { REF_DTYPE, paddleReferences, type RefTensor } from './paddleReferences';
import { corpus, ifFullCorpus } from '../../support/corpus';
import * as path from 'node:path';

const references = paddleReferences();

ifFullCorpus(test)('the corpus holds the Paddle references these tests loop over', () => {
  assert.ok(references.length >= (corpus.kind === 'full' ? 12 : 5), `only ${references.length} Paddle references found in ${corpus.root}`);
});

ifFullCorpus(test)('the full corpus also holds a training checkpoint and a program protoc cannot parse', () => {
  assert.ok(references.some((r) => r.entries.some((e) => e.pickle_file)));
  assert.ok(references.some((r) => r.entries.some((e) => e.program && !e.program.protoc_ok)));
});

function lodLevelOf(program: Awaited<ReturnType<typeof readProgramFile>>, name: string): number {
  for (const block of program.blocks ?? []) for (const v of block.vars ?? []) if (v.name === name) return v.type.lod_tensor?.lod_level ?? 0;
  return -1;
}

for (const ref of references) {
  for (const entry of ref.entries) {
    if (entry.pickle_file) {
      const file = ref.path(entry.pickle_file);
      test(`${ref.model}/${entry.pickle_file}: a training checkpoint is explained, not misread`, async () => {
        await assert.rejects(openPaddleModel(file, {}), (e: unknown) => {
          assert.ok(e instanceof ModelFormatError);
          assert.equal(e.file, file);
          assert.match(e.message, /training checkpoint/);
          assert.match(e.message, new RegExp(`protocol ${entry.pickle_protocol}`));
          assert.match(e.message, /\.pdmodel/);
          assert.match(e.message, /paddle\.jit\.save/);
          assert.match(e.message, /save_inference_model/);
          return true;
        });
      });
      continue;
    }
    const prog = entry.program;
    if (!prog) continue;
    const file = ref.path(prog.file);
    if (!prog.protoc_ok) {
      test(`${ref.model}/${prog.file}: a file protoc cannot parse gets a clear error`, async () => {
        await assert.rejects(openPaddleModel(file, {}), (e: unknown) => {
          assert.ok(e instanceof ModelFormatError);
          assert.equal(e.file, file);
          assert.deepEqual(e.place, { kind: 'byte', offset: 0 });
          assert.match(e.message, /encrypted or not a Paddle program/);
          assert.ok(e.message.includes(prog.first_bytes_hex!.slice(0, 2)));
          return true;
        });
      });
      continue;
    }

    test(`${ref.model}/${prog.file}: program structure matches the reference`, async () => {
      const program = await readProgramFile(file);
      assert.equal(programVersion(program) ?? null, prog.program_version);
      const blocks = program.blocks ?? [];
      assert.equal(blocks.length, prog.num_blocks);
      assert.deepEqual(
        blocks.map((b) => ({ idx: b.idx, parent_idx: b.parent_idx, op_count: b.ops?.length ?? 0, var_count: b.vars?.length ?? 0 })),
        prog.blocks,
      );
      assert.deepEqual(blocks.map((b) => b.ops?.length ?? 0), prog.op_count_per_block);
      const histogram: Record<string, number> = {};
      for (const b of blocks) for (const op of b.ops ?? []) histogram[op.type] = (histogram[op.type] ?? 0) + 1;
      assert.deepEqual(histogram, prog.op_type_histogram);
      const unknownFields = (program.$unknowns ?? []).map((chunk) => String(chunk[0] >> 3));
      assert.deepEqual(unknownFields, prog.unknown_top_level_fields ?? []);
      for (const feed of prog.feed ?? []) assert.equal(lodLevelOf(program, feed.name), feed.lod_level, `lod_level of ${feed.name}`);
    });

    test(`${ref.model}/${prog.file}: opened model (info contract) matches the reference`, async () => {
      const model = await openPaddleModel(file, {});
      assert.equal(model.framework, 'paddle');
      const base = path.basename(prog.file);
      assert.equal(model.format, base === '__model__' || base === 'model' ? base : 'pdmodel');
      const stem = base.replace(/\.pdmodel$/, '');
      // Generic stems (`model`, `inference`, `__model__`) give way to the folder's name.
      assert.equal(model.name, ['__model__', 'model', 'inference'].includes(stem) ? path.basename(path.dirname(file)) : stem);
      assert.equal(model.graph.nodes.length, prog.op_count_total);
      const histogram: Record<string, number> = {};
      for (const n of model.graph.nodes) histogram[n.type] = (histogram[n.type] ?? 0) + 1;
      assert.deepEqual(histogram, prog.op_type_histogram);
      const summary = (t: RefTensor) => ({ name: t.name, shape: t.shape, dtype: REF_DTYPE[t.dtype] });
      const byCol = (a: RefTensor, b: RefTensor) => (a.col ?? 0) - (b.col ?? 0);
      assert.deepEqual(model.inputs, [...(prog.feed ?? [])].sort(byCol).map(summary));
      assert.deepEqual(model.outputs, [...(prog.fetch ?? [])].sort(byCol).map(summary));
      assert.deepEqual(model.graph.inputs.map((id) => model.graph.tensors[id].name), model.inputs.map((t) => t.name));
      assert.deepEqual(model.graph.outputs.map((id) => model.graph.tensors[id].name), model.outputs.map((t) => t.name));
      assert.deepEqual(model.params, prog.persistable_vars);
      assert.equal(model.params.length, prog.persistable_var_count);
      const ids = new Set(model.graph.nodes.map((n) => n.id));
      assert.equal(ids.size, model.graph.nodes.length, 'node ids are unique');
      if (entry.params) assert.ok(model.weights, 'weights found beside the program');
      else assert.equal(model.weights, undefined);
      // Real, consistent samples open without complaint; graph-only ones say their weights are missing.
      assert.deepEqual(model.warnings.map((w) => w.code), entry.params ? [] : ['paddle.no-weights']);
    });

    const params = entry.params;
    if (params?.tensors) {
      test(`${ref.model}/${params.file}: combined params walk matches the reference`, async () => {
        const program = await readProgramFile(file);
        const index = await indexCombinedParams(ref.path(params.file!), savedVarNames(program));
        assert.equal(index.trailingBytes, params.trailing_bytes);
        assert.equal(index.store.entries.length, params.tensor_count);
        assert.deepEqual(
          index.store.entries.map((e) => ({ name: e.key, dtype: e.dtype, dims: e.shape })),
          params.tensors!.map((t) => ({ name: t.name, dtype: REF_DTYPE[t.dtype], dims: t.dims })),
        );
        assert.deepEqual(index.warnings, [], 'the weights match the program');
        const last = index.store.entries.at(-1)!;
        assert.equal(last.offset + last.byteLength, params.size);
      });
    } else if (params?.layout) {
      test(`${ref.model}: one-file-per-var params match the reference`, async () => {
        const program = await readProgramFile(file);
        const index = await indexSeparateParams(path.dirname(file), savedVarNames(program));
        assert.equal(index.store.entries.length, params.files_present);
        assert.deepEqual(index.missing, params.files_missing);
        assert.deepEqual(index.warnings, []);
        for (const e of index.store.entries.slice(0, 20)) {
          const record = await withByteSource(nodeFileAccess, e.file, (s) => readTensorRecord(s, 0));
          assert.equal(record.dataOffset + record.byteLength, (await import('node:fs')).statSync(e.file).size, `${e.key} holds exactly one record`);
        }
      });
    }
  }
}
