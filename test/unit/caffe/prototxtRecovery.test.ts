// The prototxt reader reading past syntax errors (`recover`, as the language server reads): every
// error at once, each on its token, and the layers around them kept. Without `recover` the first
// error is still thrown, as `npu-deploy info` reports it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelFormatError } from '../../../src/core/errors';
import type { ProtoMessage } from '../../../src/core/formats/caffe/protoMessage';
import { MAX_SYNTAX_ERRORS, readPrototxt } from '../../../src/core/formats/caffe/prototxtReader';
import { NetParameterType } from '../../../src/core/formats/caffe/schema';
import { layersOfText } from '../../../src/core/formats/caffe/caffeNet';

const recover = (text: string) => readPrototxt(text, 'net.prototxt', NetParameterType, { recover: true });

/** The 1-based range of the `nth` occurrence of `piece`, counted here from the text itself. */
function placeOf(text: string, piece: string, nth = 1) {
  let at = -1;
  for (let k = 0; k < nth; k++) at = text.indexOf(piece, at + 1);
  assert.ok(at >= 0, `${piece} is not in the text`);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - (before.lastIndexOf('\n') + 1) + 1;
  const endBefore = text.slice(0, at + piece.length);
  return { kind: 'text', line, column, endLine: endBefore.split('\n').length, endColumn: at + piece.length - endBefore.lastIndexOf('\n') };
}

const errorsOf = (errors: ModelFormatError[]) => errors.map((e) => [e.place, e.detail]);
const layerNames = (net: ProtoMessage) => (net.layer as ProtoMessage[] | undefined)?.map((l) => [l.name, l.type, l.bottom, l.top]) ?? [];

const fourErrors = [
  'name: "Four"',
  'input: "data"',
  'input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }',
  'layer {',
  '  name: "conv1"',
  '  type: "Convolution"',
  '  bottom: "data"',
  '  top: "conv1"',
  '  convolution_param { num_output: many kernel_size: 3 }',
  '}',
  'layer {',
  '  name: "relu1',
  '  type: "ReLU"',
  '  bottom: "conv1"',
  '  top: "conv1"',
  '}',
  'layer {',
  '  name: "pool1"',
  '  type: "Pooling"',
  '  bottom: "conv1" %% top: "pool1"',
  '  pooling_param { pool: MAX kernel_size: 2 stride: 2 }',
  'layer {',
  '  name: "fc"',
  '  type: "InnerProduct"',
  '  bottom: "pool1"',
  '  top: "fc"',
  '  inner_product_param { num_output: 10 }',
  '}',
  '',
].join('\n');

test('four syntax errors in four places: all reported, each on its token, in reading order', () => {
  const doc = recover(fourErrors);
  assert.deepEqual(errorsOf(doc.errors), [
    [placeOf(fourErrors, 'many'), "field 'num_output' takes an integer (uint32), found 'many'"],
    [placeOf(fourErrors, '"relu1'), 'string is not closed on its line'],
    [placeOf(fourErrors, '%'), "expected a field name, found '%'"],
    // The pool1 layer lacks its '}': the next `layer {` on its own line starts a new layer.
    [placeOf(fourErrors, '{', 5), "'{' is never closed"],
  ]);
  // Every layer is there, each with what did parse: a bad value or name is left out, no more.
  assert.deepEqual(layerNames(doc.message), [
    ['conv1', 'Convolution', ['data'], ['conv1']],
    [undefined, 'ReLU', ['conv1'], ['conv1']],
    ['pool1', 'Pooling', ['conv1'], ['pool1']],
    ['fc', 'InnerProduct', ['pool1'], ['fc']],
  ]);
  const layers = (doc.message.layer as ProtoMessage[]);
  assert.deepEqual(layers[0].convolution_param, { kernel_size: [3] });
  assert.deepEqual(layers[2].pooling_param, { pool: 'MAX', kernel_size: 2, stride: 2 });
  // The unclosed layer ends with its last field, not at the next layer's name.
  const located = layersOfText(doc.message, doc.layout).map((l) => [l.name, l.location?.line, l.location?.endLine]);
  assert.deepEqual(located, [['conv1', 4, 10], ['', 11, 16], ['pool1', 17, 21], ['fc', 22, 28]]);
});

test('without recover the reader still throws the first error alone', () => {
  assert.throws(() => readPrototxt(fourErrors, 'net.prototxt', NetParameterType), (e: unknown) => {
    assert.ok(e instanceof ModelFormatError);
    assert.deepEqual([e.place, e.detail], [placeOf(fourErrors, 'many'), "field 'num_output' takes an integer (uint32), found 'many'"]);
    return true;
  });
});

test('places of a bad value are dropped, so the places of a repeated field pair with its values', () => {
  const text = 'layer {\n  name: "c"\n  bottom: 5\n  bottom: "b"\n  top: "c"\n}\n';
  const doc = recover(text);
  assert.deepEqual(errorsOf(doc.errors), [[placeOf(text, '5'), "field 'bottom' takes a quoted string, found '5'"]]);
  const layer = (doc.message.layer as ProtoMessage[])[0];
  assert.deepEqual(layer.bottom, ['b']);
  const bottoms = doc.layout.placesOf(layer)!.get('bottom')!;
  assert.deepEqual(bottoms.map((p) => [p.value.line, p.value.column]), [[4, 11]]);
});

test('a convolution_param left open ends where an indented field of its layer starts', () => {
  const text = [
    'layer {',
    '  name: "c"',
    '  type: "Convolution"',
    '  convolution_param { num_output: 4',
    '  bottom: "data"',
    '  top: "c"',
    '}',
    'layer { name: "r" type: "ReLU" bottom: "c" top: "c" }',
    '',
  ].join('\n');
  const doc = recover(text);
  assert.deepEqual(errorsOf(doc.errors), [[placeOf(text, '{', 2), "'{' is never closed"]]);
  assert.deepEqual(layerNames(doc.message), [['c', 'Convolution', ['data'], ['c']], ['r', 'ReLU', ['c'], ['c']]]);
  assert.deepEqual((doc.message.layer as ProtoMessage[])[0].convolution_param, { num_output: 4 });
  assert.deepEqual(doc.warnings, []);
});

test('an unknown block nested deeper than its layer is a fork\'s field, not a missing brace', () => {
  // `layer` is no field of LayerParameter, but indented inside it nothing was left open.
  const text = 'layer {\n  name: "a"\n  type: "ReLU"\n    layer { x: 1 }\n}\nlayer {\n  name: "b"\n  type: "ReLU"\n}\n';
  const doc = recover(text);
  assert.deepEqual(doc.errors, []);
  assert.deepEqual(doc.warnings.map((w) => w.code), ['caffe.unknown-field']);
  assert.deepEqual(layerNames(doc.message), [['a', 'ReLU', undefined, undefined], ['b', 'ReLU', undefined, undefined]]);
});

test('blocks open at the end of the text: each is never closed, innermost first', () => {
  const text = 'layer {\n  name: "a"\n  convolution_param {\n    num_output: 2\n';
  const doc = recover(text);
  assert.deepEqual(errorsOf(doc.errors), [[placeOf(text, '{', 2), "'{' is never closed"], [placeOf(text, '{', 1), "'{' is never closed"]]);
  assert.deepEqual(layerNames(doc.message), [['a', undefined, undefined, undefined]]);
});

test('stray closers and a bad list: each its own error, then reading goes on', () => {
  const text = '}\nname: "n"\nlayer { name: "a" bottom: ["x", 3] top: "a" }\n>\nlayer { name: "b" }\n';
  const doc = recover(text);
  assert.deepEqual(errorsOf(doc.errors), [
    [placeOf(text, '}'), "unexpected '}': nothing to close here"],
    [placeOf(text, '3'), "field 'bottom' takes a quoted string, found '3'"],
    [placeOf(text, '>'), "unexpected '>': nothing to close here"],
  ]);
  assert.equal(doc.message.name, 'n');
  assert.deepEqual(layerNames(doc.message), [['a', undefined, ['x'], ['a']], ['b', undefined, undefined, undefined]]);
});

test('a text of garbage only: one error per resynchronisation, and reading stops at the limit', () => {
  // 2 MB of stray closers at the top: one error, the skip after it passes over the rest.
  const closers = recover('}'.repeat(2_000_000));
  assert.deepEqual(errorsOf(closers.errors), [[{ kind: 'text', line: 1, column: 1, endLine: 1, endColumn: 2 }, "unexpected '}': nothing to close here"]]);
  // 500,000 fields without a value: one error each, so the reader stops at its limit, with a last one saying so.
  const valueless = recover('a: }\n'.repeat(500_000));
  assert.equal(valueless.errors.length, MAX_SYNTAX_ERRORS + 1);
  assert.deepEqual(errorsOf(valueless.errors.slice(MAX_SYNTAX_ERRORS - 1)), [
    [{ kind: 'text', line: MAX_SYNTAX_ERRORS, column: 4, endLine: MAX_SYNTAX_ERRORS, endColumn: 5 }, "expected a value, found '}'"],
    [{ kind: 'text', line: MAX_SYNTAX_ERRORS, column: 4, endLine: MAX_SYNTAX_ERRORS, endColumn: 5 }, `reading stopped after ${MAX_SYNTAX_ERRORS} syntax errors; the rest of the file is not checked`],
  ]);
  // Nothing after the limit was read: no warning past its line.
  assert.ok(valueless.warnings.every((w) => w.place.kind === 'text' && w.place.line <= MAX_SYNTAX_ERRORS));
});

test('hostile texts whose resynchronisation could be quadratic are read in one pass', () => {
  // Each would cost a scan to the end of the text per error if the reader did not remember what
  // it saw: 400,000 '[' with no ']' after them, 200,000 nested blocks (the skip after the depth
  // error counts braces, it does not recurse), 200,000 layers each left open.
  const brackets = 'a {[}'.repeat(400_000);
  const b = recover(brackets);
  assert.equal(b.errors.length, MAX_SYNTAX_ERRORS + 1);
  assert.deepEqual(errorsOf(b.errors.slice(0, 2)), [
    [{ kind: 'text', line: 1, column: 4, endLine: 1, endColumn: 5 }, "'[' of an extension name is never closed"],
    [{ kind: 'text', line: 1, column: 9, endLine: 1, endColumn: 10 }, "'[' of an extension name is never closed"],
  ]);
  const nested = 'x {\n'.repeat(200_000);
  const n = recover(nested);
  // The 101st open is too deep and the rest is skipped as its contents; then the 100 blocks open
  // at the end of the text are each never closed.
  assert.deepEqual(errorsOf(n.errors.slice(0, 2)), [
    [{ kind: 'text', line: 101, column: 3, endLine: 101, endColumn: 4 }, 'blocks nested more than 100 deep'],
    [{ kind: 'text', line: 100, column: 3, endLine: 100, endColumn: 4 }, "'{' is never closed"],
  ]);
  assert.equal(n.errors.length, 101);
  const open = 'layer {\n'.repeat(200_000);
  const o = recover(open);
  assert.equal(o.errors.length, MAX_SYNTAX_ERRORS + 1);
  assert.deepEqual(errorsOf(o.errors.slice(0, 2)), [
    [{ kind: 'text', line: 1, column: 7, endLine: 1, endColumn: 8 }, "'{' is never closed"],
    [{ kind: 'text', line: 2, column: 7, endLine: 2, endColumn: 8 }, "'{' is never closed"],
  ]);
});
