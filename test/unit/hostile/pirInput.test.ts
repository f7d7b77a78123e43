// Corrupt, truncated and crafted PIR programs: each fails with the one-line ModelFormatError that
// names the file and a line and column (a JSON path too, for a document that parses but is not a
// program), or opens with the right figures; never a crash, a stack overflow, or a cost that
// grows faster than the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ModelFormatError } from '../../../src/core/errors';
import { openModel } from '../../../src/core/openModel';
import { MAX_GROUP_DEPTH } from '../../../src/core/formats/paddle/programGraph';
import { lineColumnAt } from '../../../src/core/formats/paddle/pirJsonSyntax';
import { PirProgramBuilder, tensorType } from '../../../src/core/formats/paddle/pirWriter';
import { smallPirModel } from '../../support/pirModels';
import { tempDir } from '../../support/tempDir';

async function refusal(file: string): Promise<ModelFormatError> {
  try {
    await openModel(file);
  } catch (e) {
    assert.ok(e instanceof ModelFormatError, `threw ${(e as Error).stack}`);
    assert.doesNotMatch(e.message, /\n/);
    assert.ok(e.message.startsWith(`${file}:`), e.message);
    return e;
  }
  throw new Error(`${file} opened`);
}

const HEAD = '{"base_code":{"magic":"pir","trainable":true,"version":1},"program":{"regions":[{"#":"region_0","blocks":[{"#":"block_0","args":[],"ops":[';
const TAIL = ']}]}]}}';

test('a PIR program cut at any point is refused as truncated, at the line and column where it ends', async (t) => {
  const dir = tempDir(t, 'npu-pir-cut-');
  const text = JSON.stringify(smallPirModel().builder.document(), null, 1);
  let cases = 0;
  for (let at = 40; at < text.length - 1; at += 23) {
    const file = path.join(dir, `cut${at}.json`);
    writeFileSync(file, text.slice(0, at));
    const e = await refusal(file);
    assert.match(e.message, /the file ends early .*: truncated$/, e.message);
    assert.equal(e.place.kind, 'text');
    const end = lineColumnAt(text, at);
    // Where reading stopped: at the end, or at the start of the literal or number cut short.
    if (e.place.kind === 'text') assert.ok(e.place.line <= end.line && e.place.line >= end.line - 1, `${at}: ${e.message}`);
    cases++;
  }
  assert.ok(cases > 50);
});

test('a document that parses but is no program is refused at the path and place of the problem', async (t) => {
  const dir = tempDir(t, 'npu-pir-bad-');
  const op = '{"#":"1.relu","I":[{"%":"x"}],"O":[{"%":2,"TT":{"#":"0.t_f32"}}]}';
  const text = `${HEAD}{"#":"1.full","I":[],"O":[{"%":1,"TT":{"#":"0.t_f32"}}]},\n  ${op}${TAIL}`;
  const file = path.join(dir, 'model.json');
  writeFileSync(file, text);
  const e = await refusal(file);
  const column = text.split('\n')[1].indexOf('{"%":"x"}') + 1;
  assert.equal(e.message, `${file}:2:${column}: at program.regions[0].blocks[0].ops[1].I[0]: a value needs an integer id under "%"`);

  const cases: [string, RegExp][] = [
    [`${HEAD}{"#":"1.relu","I":[],"O":[{"%":1,"TT":{"#":"0.t_dtensor","D":[{"#":"0.t_f32"},[2,"x"],"NCHW",[],0]}}]}${TAIL}`, /:1:\d+: at program\.regions\[0\]\.blocks\[0\]\.ops\[0\]\.O\[0\]\.TT\.D\[1\]\[1\]: dimension x is not a valid size/],
    [`${HEAD}{"#":"1.full","O":[{"%":1,"TT":{"#":"0.t_f32"}}]},{"#":"1.full","O":[{"%":1,"TT":{"#":"0.t_f32"}}]}${TAIL}`, /value %1 is defined twice \(first by pd_op\.full \(op 0 of block 0\)\)/],
    [`${HEAD}{"#":"p","A":[0,1,1],"O":{"%":1,"TT":{"#":"0.t_f32"}}}${TAIL}`, /ops\[0\]\.A: a parameter op holds \[is_distributed, is_parameter, need_clip, "name"\] in "A"/],
    [`${HEAD}{"#":"1.full","A":[{"AT":{"#":"0.a_i32","D":1.5},"N":"k"}],"O":[]}${TAIL}`, /ops\[0\]\.A\[0\]\.AT\.D: a integer attribute holds 1\.5/],
    [`${HEAD}{"#":"1.full","A":[{"AT":{"#":"0.a_f32","VD":"nan?"},"N":"k"}]}${TAIL}`, /VD: a non-finite number must be "NaN", "INF" or "-INF", not "nan\?"/],
    ['{"base_code":{"magic":"pir","version":1},"program":{"regions":[]}}', /:1:\d+: at program\.regions: the program holds no regions/],
    ['{"base_code":{"magic":"pir","version":1},"program":{"regions":[{"blocks":[{"ops":{}}]}]}}', /at program\.regions\[0\]\.blocks\[0\]\.ops: "ops" must be a list/],
  ];
  for (const [i, [body, expected]] of cases.entries()) {
    const f = path.join(dir, `case${i}.json`);
    writeFileSync(f, body);
    assert.match((await refusal(f)).message, expected);
  }
});

test('attribute values nested 100,000 deep are refused, not a stack overflow', async (t) => {
  const dir = tempDir(t, 'npu-pir-deep-');
  const depth = 100_000;
  const value = '{"#":"0.a_array","D":['.repeat(depth) + ']}'.repeat(depth);
  const file = path.join(dir, 'model.json');
  writeFileSync(file, `${HEAD}{"#":"1.full","A":[{"AT":${value},"N":"deep"}],"I":[],"O":[]}${TAIL}`);
  assert.match((await refusal(file)).message, /:1:\d+: at program\.regions\[0\]\.blocks\[0\]\.ops\[0\]\.A\[0\]\.AT(\.D\[0\])+: attribute values nest more than 64 deep$/);
});

test('20,000 nested if regions open: every op a node, groups folded past the nesting limit', async (t) => {
  const dir = tempDir(t, 'npu-pir-nest-');
  // Written as text: the document nests 100,000 JSON levels deep, more than JSON.stringify can recurse.
  const levels = 20_000;
  const parts: string[] = ['{"#":"1.data","A":[{"AT":{"#":"0.a_str","D":"c"},"N":"name"}],"I":[],"O":[{"%":1,"TT":{"#":"0.t_bool"}}]},'];
  for (let k = 1; k <= levels; k++) parts.push(`{"#":"1.if","I":[{"%":1}],"O":[],"regions":[{"#":"region_${k}","blocks":[{"#":"block_${k}","args":[],"ops":[`);
  for (let k = levels; k >= 1; k--) parts.push(k === levels ? ']}]}]}' : ',{"#":"2.yield","I":[],"O":[]}]}]}]}');
  const file = path.join(dir, 'model.json');
  writeFileSync(file, HEAD + parts.join('') + TAIL);
  const model = await openModel(file);
  assert.equal(model.graph.nodes.length, 1 + levels + (levels - 1));
  const depths = model.graph.nodes.map((n) => n.group?.length ?? 0);
  assert.equal(Math.max(...depths), MAX_GROUP_DEPTH);
  assert.deepEqual(model.graph.nodes[2].group, ['pd_op.if region_1/block_1']);
  assert.deepEqual(model.graph.nodes[3].group, ['pd_op.if region_1/block_1', 'pd_op.if region_2/block_2']);
  assert.equal(model.graph.nodes.at(-1)!.type, 'cf.yield');
  assert.deepEqual(model.graph.nodes.at(-1)!.group, ['pd_op.if region_1/block_1']);
});

test('a parameter of 200,000 dims read by 1,000 ops: shape unknown, one warning', async (t) => {
  const dir = tempDir(t, 'npu-pir-wide-');
  const p = new PirProgramBuilder();
  const w = p.parameter('w', 'float32', new Array(200_000).fill(1));
  let x = p.data('x', 'float32', [1]);
  for (let i = 0; i < 1000; i++) [x] = p.op('pd_op.multiply', [x, w], [tensorType('float32', [1])]);
  const file = path.join(dir, 'model.json');
  writeFileSync(file, p.text());
  const model = await openModel(file, { noWeights: true });
  assert.equal(model.graph.nodes.length, 1002);
  assert.ok(model.graph.nodes.slice(2).every((n) => n.weights[0].shape === undefined));
  assert.deepEqual(model.warnings.map((w) => w.message), ['value w declares 200000 dimensions; Paddle allows at most 9, so its shape is left unknown']);
});

test('an operand no op defines is one warning, and the value is an input nobody produces', async (t) => {
  const dir = tempDir(t, 'npu-pir-undef-');
  const file = path.join(dir, 'model.json');
  writeFileSync(file, `${HEAD}{"#":"1.relu","I":[{"%":7}],"O":[{"%":1,"TT":{"#":"0.t_f32"}}]},{"#":"1.relu","I":[{"%":7}],"O":[{"%":2,"TT":{"#":"0.t_f32"}}]}${TAIL}`);
  const model = await openModel(file);
  assert.deepEqual(model.warnings.map((w) => w.code), ['paddle.pir-undefined-value']);
  assert.equal(model.graph.tensors['%7'].producer, undefined);
  assert.deepEqual(model.graph.tensors['%7'].consumers, ['%1', '%2']);
});
