// Completion from caffe.proto at a place in a prototxt: the fields of the block the cursor is
// in (text that does not parse yet included), and enum or boolean values after a colon.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prototxtCompletionAt } from '../../../src/core/formats/caffe/prototxtCompletion';

/** Suggestions where `|` stands in the text. */
function at(marked: string, solver = false) {
  const offset = marked.indexOf('|');
  return prototxtCompletionAt(marked.replace('|', ''), offset, solver);
}

describe('prototxt completion from the schema', () => {
  it('offers the fields of the block the cursor is in, half-typed text included', () => {
    const found = at('name: "n"\nlayer {\n  name: "c" type: "Convolution"\n  convolution_param {\n    kern|\n');
    assert.equal(found?.typed, 'kern');
    const labels = found!.suggestions.map((s) => s.label);
    assert.ok(labels.includes('kernel_size') && labels.includes('num_output') && !labels.includes('pool'), labels.join(' '));
    assert.deepEqual(found!.suggestions.find((s) => s.label === 'weight_filler'), { label: 'weight_filler', insertText: 'weight_filler {', kind: 'message', detail: 'FillerParameter' });
    assert.deepEqual(found!.suggestions.find((s) => s.label === 'kernel_size')?.insertText, 'kernel_size: ');
  });

  it('offers the net\'s fields at the top, and the solver\'s in a solver', () => {
    const net = at('name: "n"\n|')!.suggestions.map((s) => s.label);
    assert.ok(net.includes('layer') && net.includes('input_shape'), net.join(' '));
    const solver = at('net: "x.prototxt"\nbase_|', true)!;
    assert.ok(solver.suggestions.some((s) => s.label === 'base_lr'));
  });

  it('offers enum and boolean values after a colon', () => {
    const pool = at('layer { pooling_param { pool: |');
    assert.deepEqual(pool?.suggestions.map((s) => s.label), ['MAX', 'AVE', 'STOCHASTIC']);
    const bool = at('layer { convolution_param { bias_term: t|');
    assert.deepEqual([bool?.typed, bool?.suggestions.map((s) => s.label)], ['t', ['true', 'false']]);
  });

  it('skips braces in comments and strings, and knows nothing inside an unknown block', () => {
    const commented = at('layer { # a } here\n  name: "{"\n  |')!.suggestions.map((s) => s.label);
    assert.ok(commented.includes('bottom'), commented.join(' '));
    assert.equal(at('layer { upsample_param { |'), undefined);
    assert.equal(at('layer { name: "a" # comment |'), undefined);
  });

  it('after a layer left without its \'}\', completes in the next layer as the reader reads it', () => {
    const found = at('layer {\n  name: "p"\n  pooling_param { pool: MAX }\nlayer {\n  name: "fc"\n  inner_product_param {\n    num_|\n');
    assert.equal(found?.typed, 'num_');
    const labels = found!.suggestions.map((s) => s.label);
    assert.ok(labels.includes('num_output') && labels.includes('bias_term') && !labels.includes('kernel_size'), labels.join(' '));
    // A block no enclosing message has stays unknown: nothing is guessed inside it.
    assert.equal(at('layer {\n  upsample_param {\n    sc|\n'), undefined);
  });
});
