// The prototxt reader's text format and the writer's round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ModelFormatError } from '../../../src/core/errors';
import type { ProtoMessage } from '../../../src/core/formats/caffe/protoMessage';
import { readPrototxt } from '../../../src/core/formats/caffe/prototxtReader';
import { writePrototxt } from '../../../src/core/formats/caffe/prototxtWriter';
import { textKind } from '../../../src/core/formats/caffe/openCaffe';
import { indexCaffemodel } from '../../../src/core/formats/caffe/caffemodelIndex';
import { NetParameterType, SolverParameterType } from '../../../src/core/formats/caffe/schema';
import { repoRoot } from '../../support/paths';
import { corpus, sharedModel, ifFullCorpus } from '../../support/corpus';

const read = (text: string) => readPrototxt(text, 'net.prototxt', NetParameterType);

test('text format: comments, both block forms, < >, lists, separators and every scalar spelling', () => {
  const doc = read(`# a comment
name: 'it''s' "\\x41\\101\\n\\u00e9"   # concatenated, with escapes
input: "a", input: "b";
input_dim: [1, 0x3, 010, -0]
state: { phase: TRAIN level: -2 stage: "s" }
layer <
  name: "p" type: "Pooling"
  pooling_param { pool: AVE kernel_size: 3 global_pooling: t }
  loss_weight: [1e-3, .5, 2f, -inf, inf, nan, 1.5E2]
  propagate_down: [true, f, 1, 0, false, True]
  phase: 1
>
layer {}
`);
  const m = doc.message;
  assert.equal(m.name, "its" + 'A' + 'A\né');
  assert.deepEqual(m.input, ['a', 'b']);
  assert.deepEqual(m.input_dim, [1, 3, 8, -0]);
  assert.deepEqual(m.state, { phase: 'TRAIN', level: -2, stage: ['s'] });
  const layer = (m.layer as ProtoMessage[])[0];
  assert.deepEqual(layer.pooling_param, { pool: 'AVE', kernel_size: 3, global_pooling: true });
  assert.deepEqual(layer.loss_weight, [1e-3, 0.5, 2, -Infinity, Infinity, NaN, 150]);
  assert.deepEqual(layer.propagate_down, [true, false, true, false, false, true]);
  assert.equal(layer.phase, 'TEST');
  assert.deepEqual((m.layer as ProtoMessage[])[1], {});
  assert.deepEqual(doc.warnings, []);
});

test('positions: every block and every field occurrence, 1-based', () => {
  const text = 'name: "n"\nlayer {\n  name: "conv"\n  top: "x"\n  convolution_param { num_output: 2 }\n}\n';
  const doc = read(text);
  const layout = doc.layout;
  const layer = layout.blockOf((doc.message.layer as ProtoMessage[])[0])!;
  assert.equal(layout.blockField[layer], 'layer');
  assert.deepEqual(layout.blockRange(layer), { line: 2, column: 1, endLine: 6, endColumn: 2 });
  assert.deepEqual(layout.fieldsOf(layer), [
    { name: 'name', range: { line: 3, column: 3, endLine: 3, endColumn: 15 }, value: { line: 3, column: 9, endLine: 3, endColumn: 15 } },
    { name: 'top', range: { line: 4, column: 3, endLine: 4, endColumn: 11 }, value: { line: 4, column: 8, endLine: 4, endColumn: 11 } },
    { name: 'convolution_param', range: { line: 5, column: 3, endLine: 5, endColumn: 38 }, value: { line: 5, column: 21, endLine: 5, endColumn: 38 } },
  ]);
  assert.deepEqual(layout.fieldsOf(0).map((f) => f.name), ['name', 'layer']);
  const places = layout.placesOf((doc.message.layer as ProtoMessage[])[0])!;
  assert.deepEqual(places.get('top')!.map((p) => p.value), [{ line: 4, column: 8, endLine: 4, endColumn: 11 }]);
  const conv = layout.childBlocks(layer);
  assert.deepEqual(conv.map((b) => layout.fieldsOf(b).map((f) => [f.name, f.value.column])), [[['num_output', 35]]]);
});

test('positions: a value start past comments and line breaks, extension names, < > and list blocks', () => {
  const text = 'layer {\n  name # the name\n  :\n  # its value\n  "a"\n  [ext.sub ] : 1\n  include < phase: TRAIN >\n  param: [{ lr_mult: 1 }, { lr_mult: 2 }]\n}\n';
  const doc = readPrototxt(text, 'net.prototxt', NetParameterType, { recover: true });
  const layout = doc.layout;
  const layer = layout.blockOf((doc.message.layer as ProtoMessage[])[0])!;
  assert.deepEqual(layout.fieldsOf(layer).map((f) => [f.name, f.range, f.value]), [
    ['name', { line: 2, column: 3, endLine: 5, endColumn: 6 }, { line: 5, column: 3, endLine: 5, endColumn: 6 }],
    ['[ext.sub]', { line: 6, column: 3, endLine: 6, endColumn: 17 }, { line: 6, column: 16, endLine: 6, endColumn: 17 }],
    ['include', { line: 7, column: 3, endLine: 7, endColumn: 27 }, { line: 7, column: 11, endLine: 7, endColumn: 27 }],
    ['param', { line: 8, column: 3, endLine: 8, endColumn: 42 }, { line: 8, column: 10, endLine: 8, endColumn: 42 }],
  ]);
  // Each block of a [ ] list starts at its own brace.
  assert.deepEqual(layout.childBlocks(layer).map((b) => [layout.blockField[b], layout.blockRange(b)]), [
    ['include', { line: 7, column: 3, endLine: 7, endColumn: 27 }],
    ['param', { line: 8, column: 11, endLine: 8, endColumn: 25 }],
    ['param', { line: 8, column: 27, endLine: 8, endColumn: 41 }],
  ]);
});

test('messages are plain objects; places of a net bigger than one chunk of the layout', () => {
  const layers = Array.from({ length: 12_000 }, (_, i) => `layer {\n  name: "l${i}"\n  type: "ReLU"\n  bottom: "x"\n  top: "x"\n}\n`);
  const doc = read(`input: "x"\n${layers.join('')}`);
  const list = doc.message.layer as ProtoMessage[];
  assert.equal(list.length, 12_000);
  for (const m of [doc.message, list[0], list[11_999]]) assert.equal(Object.getPrototypeOf(m), Object.prototype);
  assert.deepEqual(list[11_999], { name: 'l11999', type: 'ReLU', bottom: ['x'], top: ['x'] });
  assert.deepEqual(JSON.parse(JSON.stringify(list[5])), { name: 'l5', type: 'ReLU', bottom: ['x'], top: ['x'] });
  // 48,001 fields: the places of the last layer come from the third chunk of each list.
  const last = doc.layout.blockOf(list[11_999])!;
  const line = 2 + 11_999 * 6;
  assert.deepEqual(doc.layout.blockRange(last), { line, column: 1, endLine: line + 5, endColumn: 2 });
  assert.deepEqual(doc.layout.fieldsOf(last).map((f) => [f.name, f.value]), [
    ['name', { line: line + 1, column: 9, endLine: line + 1, endColumn: 17 }],
    ['type', { line: line + 2, column: 9, endLine: line + 2, endColumn: 15 }],
    ['bottom', { line: line + 3, column: 11, endLine: line + 3, endColumn: 14 }],
    ['top', { line: line + 4, column: 8, endLine: line + 4, endColumn: 11 }],
  ]);
});

test('fields no schema knows are kept, nested blocks included, with a warning each', () => {
  const doc = read('layer {\n  name: "u" type: "Upsample"\n  upsample_param { scale: 2 mode: NEAREST extra { a: "x" } }\n  custom: 1 custom: 2\n}\n');
  const layer = (doc.message.layer as ProtoMessage[])[0];
  assert.deepEqual(JSON.parse(JSON.stringify(layer.upsample_param)), { scale: 2, mode: 'NEAREST', extra: { a: 'x' } });
  // The writer puts the identifier back bare, and the repeated field as two lines.
  assert.match(writePrototxt(doc.message, NetParameterType), /mode: NEAREST\n.*\n.*\n.*\n.*\n {2}custom: 1\n {2}custom: 2\n/s);
  assert.deepEqual(layer.custom, [1, 2]);
  assert.deepEqual(doc.warnings.map((w) => [w.code, w.place]), [
    // Each place ends where the field name ends, so a squiggle covers the name exactly.
    ['caffe.unknown-field', { kind: 'text', line: 3, column: 3, endLine: 3, endColumn: 17 }],
    ['caffe.unknown-field', { kind: 'text', line: 4, column: 3, endLine: 4, endColumn: 9 }],
    ['caffe.unknown-field', { kind: 'text', line: 4, column: 13, endLine: 4, endColumn: 19 }],
  ]);
});

const errors: [string, string, RegExp][] = [
  ['layer {\n  name: "x"\n', '1:7', /never closed/],
  ['name: "x\nlayer {}', '1:7', /not closed on its line/],
  ['layer { pooling_param { pool: MIN } }', '1:31', /'MIN' is not a value of PoolingParameter\.PoolMethod/],
  ['layer { name: 3 }', '1:15', /takes a quoted string/],
  ['input_dim: 1.5', '1:12', /takes an integer/],
  ['layer { convolution_param { num_output: -1 } }', '1:41', /out of range/],
  ['layer { name { } }', '1:14', /not a message block/],
  ['name "x"', '1:6', /expected ':' or '\{'/],
  ['}', '1:1', /nothing to close/],
  ['layer { top: ["a" ; "b"] }', '1:19', /expected ',' or '\]'/],
  ['name: "a\\q"', '1:9', /unknown escape/],
  ['name: [', '1:1', /not repeated/],
];

for (const [text, place, detail] of errors) {
  test(`syntax and type errors name the place: ${JSON.stringify(text)}`, () => {
    assert.throws(() => read(text), (e: unknown) => {
      assert.ok(e instanceof ModelFormatError, String(e));
      assert.match(e.message, detail);
      assert.ok(e.message.startsWith('net.prototxt:'), e.message);
      assert.equal(e.place.kind, 'text');
      assert.ok(e.message.includes(`:${place}: `) || place === '1:1', `${e.message} (want ${place})`);
      return true;
    });
  });
}

test('lists of blocks, signed hex and octal, floats without digits after the point', () => {
  const m = read('input_shape: [{ dim: 1 }, < dim: -0x10 dim: -010 >]\nlayer { loss_weight: [1., -.25, 3e+2F] }').message;
  assert.deepEqual(m.input_shape, [{ dim: [1] }, { dim: [-16, -8] }]);
  assert.deepEqual((m.layer as ProtoMessage[])[0].loss_weight, [1, -0.25, 300]);
});

test('adjacent strings concatenate, in lists too', () => {
  const layer = (read('layer { top: ["a" "b", \'c\'] bottom: "c" "d" }').message.layer as ProtoMessage[])[0];
  assert.deepEqual(layer, { top: ['ab', 'c'], bottom: ['cd'] });
});

test('nets and solvers are told apart by their first field', () => {
  assert.equal(textKind('# c\nname: "x"\nlayer {}'), 'net');
  assert.equal(textKind('net: "train_val.prototxt"\nbase_lr: 0.1'), 'solver');
  assert.equal(textKind('test_iter: 100\nnet_param { name: "x" }'), 'solver');
  assert.equal(textKind('hello world'), undefined);
});

const prototxts = corpus.models
  .filter((m) => m.framework === 'caffe')
  .flatMap((m) => m.files.filter((f) => f.endsWith('.prototxt')).map((f) => path.join('caffe', m.name, f)));

ifFullCorpus(test)('every sample prototxt reads back the same after writing it', () => {
  assert.ok(prototxts.length >= (corpus.kind === 'full' ? 30 : 16), `only ${prototxts.length} samples`);
  for (const file of prototxts) {
    const text = readFileSync(corpus.path(file), 'utf8');
    const type = textKind(text) === 'solver' ? SolverParameterType : NetParameterType;
    const first = readPrototxt(text, file, type);
    const written = writePrototxt(first.message, type);
    const second = readPrototxt(written, file, type);
    assert.deepEqual(second.message, first.message, file);
    assert.equal(writePrototxt(second.message, type), written, `${file}: writing is stable`);
    // Unknown fields travel with the net.
    assert.equal(second.warnings.length, first.warnings.length, file);
  }
});

ifFullCorpus(test)('a net decoded from a caffemodel writes as prototxt Caffe reads back to the same values', async () => {
  const index = await indexCaffemodel(sharedModel('caffe', 'mtcnn', 'det2.caffemodel'));
  const net: ProtoMessage = { ...index.net, layer: index.layers.map((l) => l.message) };
  const text = writePrototxt(net, NetParameterType);
  assert.match(text, /^name: "24Net"\nlayer \{\n {2}name: "data24"\n {2}type: "HDF5Data"\n/);
  const back = readPrototxt(text, 'det2.prototxt', NetParameterType).message;
  // float32 values print as their shortest text, so compare as float32.
  const f32 = (v: unknown): unknown =>
    typeof v === 'number' ? Math.fround(v) : Array.isArray(v) ? v.map(f32) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, f32(x)])) : v;
  assert.deepEqual(f32(back), f32(net));
});

test('schema.generated.ts is what genSchema.mjs makes from the .proto files', () => {
  const script = path.join(repoRoot, 'src', 'core', 'formats', 'caffe', 'genSchema.mjs');
  execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' });
});

test('unknown fields named like Object.prototype\'s own are kept as data', () => {
  const doc = read('layer {\n  name: "p"\n  __proto__ { type: "x" }\n  constructor: 1\n  constructor: 2\n  toString { a: 1 }\n}\n');
  const layer = (doc.message.layer as ProtoMessage[])[0];
  assert.equal(Object.getPrototypeOf(layer), Object.prototype, 'the prototype is untouched');
  assert.deepEqual(JSON.parse(JSON.stringify(Object.getOwnPropertyDescriptor(layer, '__proto__')?.value)), { type: 'x' });
  assert.deepEqual(layer.constructor, [1, 2]);
  assert.deepEqual(JSON.parse(JSON.stringify(layer.toString)), { a: 1 });
  assert.deepEqual(doc.warnings.map((w) => [w.code, w.place.kind === 'text' ? w.place.line : 0]), [
    ['caffe.unknown-field', 3],
    ['caffe.unknown-field', 4],
    ['caffe.unknown-field', 5],
    ['caffe.unknown-field', 6],
  ]);
});

test('lone-CR line ends count as lines, and a leading comment ends at its line', () => {
  const doc = read('# LeNet, saved on an old Mac\rname: "LeNet"\rlayer {\r  name: "a"\r  type: "ReLU"\r  bottom: "x"\r  top: "x"\r  bad_field: 1\r}\r');
  assert.equal(doc.message.name, 'LeNet');
  assert.equal((doc.message.layer as ProtoMessage[]).length, 1);
  const unknown = doc.warnings.find((w) => w.code === 'caffe.unknown-field');
  assert.deepEqual(unknown?.place, { kind: 'text', line: 8, column: 3, endLine: 8, endColumn: 12 });
  assert.ok(doc.warnings.some((w) => w.code === 'caffe.cr-line-ends'), 'the line ends are pointed out');
  // An error is placed by the same lines.
  assert.throws(() => read('name: "x"\rlayer {\r  name: 3\r}\r'), (e: unknown) => e instanceof ModelFormatError && /^[^:]+:3:9: /.test(e.message));
  // CRLF files are ordinary: no warning.
  assert.deepEqual(read('name: "x"\r\nlayer {\r\n  name: "a"\r\n}\r\n').warnings, []);
});

test('a string value past the limit is a clear error at its place; escapes under it read exactly', () => {
  const escapes = '\\n'.repeat(100_000);
  const doc = read(`name: "${escapes}x"\n`);
  assert.equal(doc.message.name, `${'\n'.repeat(100_000)}x`);
  assert.throws(() => read(`name: "${'\\t'.repeat(17_000_000)}"\n`), (e: unknown) => e instanceof ModelFormatError && /1:7: a string longer than 16777216 characters is not read$/.test(e.message));
  assert.throws(() => read(`name: "${'y'.repeat(17_000_000)}"\n`), (e: unknown) => e instanceof ModelFormatError && /1:7: a string longer than 16777216 characters is not read$/.test(e.message));
});

