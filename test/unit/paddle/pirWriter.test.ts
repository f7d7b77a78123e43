// The PIR writer: programs it writes read back with the reader, compact and with keys in byte
// order as Paddle's serializer writes them; ops copied from a read program (what a cut does) get
// fresh ids that are defined once, before use, and the copy reads back with the same figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { modelInfo } from '../../../src/core/modelInfo';
import { openModel } from '../../../src/core/openModel';
import { parsePirProgram, type PirProgram } from '../../../src/core/formats/paddle/pirProgram';
import { PirProgramBuilder, tensorType, type RawOp } from '../../../src/core/formats/paddle/pirWriter';
import { corpus, ifFullCorpus } from '../../support/corpus';
import { controlFlowPirProgram, smallPirModel } from '../../support/pirModels';
import { tempDir } from '../../support/tempDir';

/** Every op of the top block written again through copyOp. */
function copyAll(program: PirProgram): PirProgramBuilder {
  const builder = new PirProgramBuilder();
  const ids = new Map<number, number>();
  for (const op of program.blocks[0].ops) builder.copyOp(op.raw as unknown as RawOp, ids);
  return builder;
}

const figures = (info: ReturnType<typeof modelInfo>) => ({ nodeCount: info.nodeCount, opTypes: { ...info.opTypes }, inputs: info.inputs, outputs: info.outputs, params: info.params, nodes: info.nodes.length });

test('the writer writes as Paddle does: compact, keys in byte order, dialect ids, the p form', () => {
  const text = smallPirModel().builder.text();
  assert.ok(text.startsWith('{"base_code":{"magic":"pir","trainable":true,"version":1},"program":{"regions":[{"#":"region_0","blocks":[{"#":"block_0","args":[],"ops":[{"#":"p","A":[0,1,1,"conv2d_0.w_0"],"DA":[],"O":{"%":1,"TT":{"#":"0.t_dtensor","D":[{"#":"0.t_f32"},[2,3,1,1],"NCHW",[],0]}},"OA":[1,0,1],"QA":[]}'), text.slice(0, 400));
  assert.match(text, /\{"#":"1\.conv2d","A":\[\{"AT":\{"#":"0\.a_array","D":\[\{"#":"0\.a_i32","D":1\},\{"#":"0\.a_i32","D":1\}\]\},"N":"strides"\}/);
  assert.doesNotMatch(text, /\n| {2}/);
});

test('ops copied from a read program with regions and block arguments get fresh ids, defined before use', async (t) => {
  const original = parsePirProgram(controlFlowPirProgram().text(), 'cf.json');
  const copy = copyAll(original);
  const dir = tempDir(t, 'npu-pir-copy-');
  writeFileSync(path.join(dir, 'a.json'), controlFlowPirProgram().text());
  writeFileSync(path.join(dir, 'b.json'), copy.text());
  const [a, b] = [await openModel(path.join(dir, 'a.json')), await openModel(path.join(dir, 'b.json'))];
  assert.deepEqual(figures(modelInfo(b)), figures(modelInfo(a)));
  assert.deepEqual(b.warnings, []);
  // Groups and block arguments come through.
  assert.deepEqual(b.graph.nodes.map((n) => n.group ?? []), a.graph.nodes.map((n) => n.group ?? []));
  assert.deepEqual(b.graph.nodes.map((n) => n.inputs.length), a.graph.nodes.map((n) => n.inputs.length));
});

test('a part of a program: the conv and its weight, fed by a new data op, fetched', async (t) => {
  const source = parsePirProgram(smallPirModel().builder.text(), 'small.json');
  const conv = source.ops.find((op) => op.name === 'pd_op.conv2d')!;
  const weight = source.ops.find((op) => op.parameter?.name === 'conv2d_0.w_0')!;
  const builder = new PirProgramBuilder();
  const ids = new Map<number, number>();
  builder.copyOp(weight.raw as unknown as RawOp, ids);
  ids.set(conv.operands[0], builder.data('x', 'float32', [-1, 3, 4, 4]));
  const [out] = builder.copyOp(conv.raw as unknown as RawOp, ids);
  builder.fetch(out, tensorType('float32', [-1, 2, 4, 4]), 0);
  assert.throws(() => new PirProgramBuilder().copyOp(conv.raw as unknown as RawOp, new Map()), /value %3 is used before it is defined/);
  const file = path.join(tempDir(t, 'npu-pir-part-'), 'dump.json');
  writeFileSync(file, builder.text());
  const info = modelInfo(await openModel(file, { noWeights: true }));
  assert.deepEqual(info.nodes.map((n) => [n.type, n.inputs, n.outputs]), [
    ['builtin.parameter', [], ['conv2d_0.w_0']],
    ['pd_op.data', [], ['x']],
    ['pd_op.conv2d', ['x', 'conv2d_0.w_0'], ['%3']],
    ['pd_op.fetch', ['%3'], ['fetch_name_0']],
  ]);
});

for (const model of corpus.models.filter((m) => m.framework === 'paddle-pir')) {
  ifFullCorpus(test)(`paddle-pir/${model.name} copied op by op through the writer reads back with the same figures`, async (t) => {
    const file = model.path((model.reference as unknown as { program_file: string }).program_file);
    const copy = copyAll(parsePirProgram(readFileSync(file, 'utf8'), file));
    const out = path.join(tempDir(t, 'npu-pir-copy-'), 'model.json');
    writeFileSync(out, copy.text());
    const [a, b] = [await openModel(file, { noWeights: true }), await openModel(out, { noWeights: true })];
    assert.deepEqual(figures(modelInfo(b)), figures(modelInfo(a)));
    assert.deepEqual(b.warnings, a.warnings.map((w) => ({ ...w, file: out })));
  });
}
